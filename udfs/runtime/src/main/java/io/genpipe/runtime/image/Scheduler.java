package io.genpipe.runtime.image;

import java.util.random.RandomGenerator;

/**
 * A diffusion sampler with its inference timesteps already set (diffusers' {@code set_timesteps}
 * happens at construction), so one instance is immutable and shared by every row of a batch.
 * Per-row state lives in the caller's latents array and random generator: a row's result does not
 * depend on its batch neighbours.
 */
public interface Scheduler {
  SchedulerName name();

  /** Number of denoising steps. */
  int steps();

  /** The timestep fed to the UNet at {@code stepIndex} (fractional for Euler linspace spacing). */
  double timestep(int stepIndex);

  /** All timesteps, from high noise to low (a copy). */
  double[] timesteps();

  /** The standard deviation of the initial noise (diffusers' {@code init_noise_sigma}). */
  float initNoiseSigma();

  /** Scales one row's UNet input in place ({@code scale_model_input}). */
  void scaleModelInput(float[] latents, int stepIndex);

  /**
   * Advances one row's latents in place from the UNet's (guided) output at {@code stepIndex}.
   *
   * @param rng the row's own generator, drawn from only by stochastic samplers (Euler ancestral,
   *     LCM)
   */
  void step(float[] modelOutput, int stepIndex, float[] latents, RandomGenerator rng);
}
