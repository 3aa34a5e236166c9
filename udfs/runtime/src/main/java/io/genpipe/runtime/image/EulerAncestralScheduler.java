package io.genpipe.runtime.image;

import java.util.random.RandomGenerator;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler}: an Euler step down to {@code sigma_down},
 * then fresh noise of size {@code sigma_up} from the row's generator, where
 * {@code sigma_up = sqrt(s_to^2 (s_from^2 - s_to^2) / s_from^2)} and
 * {@code sigma_down = sqrt(s_to^2 - sigma_up^2)}.
 */
final class EulerAncestralScheduler extends SigmaScheduler {
  EulerAncestralScheduler(SchedulerSettings settings, int steps) {
    super(settings, steps);
  }

  @Override
  public SchedulerName name() {
    return SchedulerName.EULER_A;
  }

  @Override
  public void step(float[] modelOutput, int stepIndex, float[] latents, RandomGenerator rng) {
    double from = schedule.sigmas[stepIndex];
    double to = schedule.sigmas[stepIndex + 1];
    double up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
    double down = Math.sqrt(to * to - up * up);
    double dt = down - from;
    float[] noise = new float[latents.length];
    if (up > 0) {
      Gaussian.fill(noise, rng);
    }
    for (int i = 0; i < latents.length; i++) {
      double x = latents[i];
      double derivative = (x - schedule.predictOriginal(modelOutput[i], x, from)) / from;
      latents[i] = (float) (x + derivative * dt + noise[i] * up);
    }
  }
}
