package io.genpipe.runtime.image;

import java.util.random.RandomGenerator;

/**
 * diffusers' {@code EulerDiscreteScheduler} with its pipeline defaults ({@code s_churn = 0}: a
 * deterministic first-order ODE step): {@code x += (x - x0) / sigma * (sigma_next - sigma)}.
 */
final class EulerScheduler extends SigmaScheduler {
  EulerScheduler(SchedulerSettings settings, int steps) {
    super(settings, steps);
  }

  @Override
  public SchedulerName name() {
    return SchedulerName.EULER;
  }

  @Override
  public void step(float[] modelOutput, int stepIndex, float[] latents, RandomGenerator rng) {
    double sigma = schedule.sigmas[stepIndex];
    double dt = schedule.sigmas[stepIndex + 1] - sigma;
    for (int i = 0; i < latents.length; i++) {
      double x = latents[i];
      double derivative = (x - schedule.predictOriginal(modelOutput[i], x, sigma)) / sigma;
      latents[i] = (float) (x + derivative * dt);
    }
  }
}
