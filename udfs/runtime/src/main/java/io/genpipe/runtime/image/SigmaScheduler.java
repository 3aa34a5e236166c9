package io.genpipe.runtime.image;

/**
 * What the sigma-space (Karras-style, "k-diffusion") schedulers share: the schedule of sigmas and
 * timesteps, {@code init_noise_sigma}, and scaling the model input by {@code 1/sqrt(sigma²+1)}.
 * Subclasses differ only in their step update.
 */
abstract class SigmaScheduler implements Scheduler {
  protected final SigmaSchedule schedule;

  SigmaScheduler(SchedulerSettings settings, int steps) {
    this.schedule = new SigmaSchedule(settings, steps);
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
}
