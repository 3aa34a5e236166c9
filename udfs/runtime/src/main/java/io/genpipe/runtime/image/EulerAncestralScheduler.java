package io.genpipe.runtime.image;

import java.util.random.RandomGenerator;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler}: an Euler step down to {@code sigma_down},
 * then fresh noise of size {@code sigma_up} from the row's generator, where
 * {@code sigma_up = sqrt(s_to^2 (s_from^2 - s_to^2) / s_from^2)} and
 * {@code sigma_down = sqrt(s_to^2 - sigma_up^2)}.
 */
final class EulerAncestralScheduler implements Scheduler {
  private final SigmaSchedule schedule;

  EulerAncestralScheduler(SchedulerSettings settings, int steps) {
    this.schedule = new SigmaSchedule(settings, steps);
  }

  @Override
  public SchedulerName name() {
    return SchedulerName.EULER_A;
  }

  @Override
  public int steps() {
    return schedule.timesteps.length;
  }

  @Override
  public double timestep(int stepIndex) {
    return schedule.timesteps[stepIndex];
  }

  @Override
  public double[] timesteps() {
    return schedule.timesteps.clone();
  }

  @Override
  public float initNoiseSigma() {
    return schedule.initNoiseSigma;
  }

  @Override
  public void scaleModelInput(float[] latents, int stepIndex) {
    schedule.scale(latents, stepIndex);
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
