package io.genpipe.runtime.image;

import io.genpipe.runtime.generate.InvalidParamsException;
import java.util.random.RandomGenerator;

/**
 * diffusers' {@code LCMScheduler}: timesteps picked evenly from the distillation schedule
 * {@code (j + 1) * (N // original_inference_steps) - 1}; each step predicts
 * {@code denoised = c_out * x0 + c_skip * x} (boundary condition with sigma_data 0.5 at
 * {@code t * timestep_scaling}) and, except at the last step, re-noises it to the next timestep
 * with the row's generator.
 */
final class LcmScheduler implements Scheduler {
  private static final double SIGMA_DATA = 0.5;

  private final double[] timesteps;
  private final double[] alphasCumprod;
  private final double finalAlphaCumprod;
  private final SchedulerSettings settings;

  LcmScheduler(SchedulerSettings s, int steps) {
    int original = s.originalInferenceSteps();
    if (steps > original) {
      throw new InvalidParamsException("num_inference_steps must be <= " + original
          + " (the model's LCM original_inference_steps), got " + steps);
    }
    this.settings = s;
    this.timesteps = timesteps(s.numTrainTimesteps(), original, steps);
    this.alphasCumprod = NoiseSchedule.alphasCumprod(s);
    this.finalAlphaCumprod = s.setAlphaToOne() ? 1.0 : alphasCumprod[0];
  }

  static double[] timesteps(int trainSteps, int original, int steps) {
    int k = trainSteps / original;
    double[] out = new double[steps];
    double stride = (double) original / steps;
    for (int i = 0; i < steps; i++) {
      int index = (int) Math.floor(i * stride);
      out[i] = (double) (original - index) * k - 1;
    }
    return out;
  }

  @Override
  public SchedulerName name() {
    return SchedulerName.LCM;
  }

  @Override
  public int steps() {
    return timesteps.length;
  }

  @Override
  public double timestep(int stepIndex) {
    return timesteps[stepIndex];
  }

  @Override
  public double[] timesteps() {
    return timesteps.clone();
  }

  @Override
  public float initNoiseSigma() {
    return 1f;
  }

  @Override
  public void scaleModelInput(float[] latents, int stepIndex) {
    // LCM's model input is the latents as they are.
  }

  /** {@code {c_skip, c_out}} at {@code timestep}. */
  double[] boundaryScalings(double timestep) {
    double scaled = timestep * settings.timestepScaling();
    double denominator = scaled * scaled + SIGMA_DATA * SIGMA_DATA;
    return new double[] {SIGMA_DATA * SIGMA_DATA / denominator, scaled / Math.sqrt(denominator)};
  }

  @Override
  public void step(float[] modelOutput, int stepIndex, float[] latents, RandomGenerator rng) {
    int t = (int) timesteps[stepIndex];
    boolean last = stepIndex == timesteps.length - 1;
    int prev = last ? t : (int) timesteps[stepIndex + 1];
    double alphaPrev = prev >= 0 ? alphasCumprod[prev] : finalAlphaCumprod;
    AlphaSteps.Prediction p = new AlphaSteps.Prediction(settings, alphasCumprod[t]);
    double[] c = boundaryScalings(t);
    float[] noise = new float[latents.length];
    if (!last) {
      Gaussian.fill(noise, rng);
    }
    double keep = Math.sqrt(alphaPrev);
    double renoise = Math.sqrt(1 - alphaPrev);
    for (int i = 0; i < latents.length; i++) {
      double x = latents[i];
      double denoised = c[1] * p.original(modelOutput[i], x) + c[0] * x;
      latents[i] = (float) (last ? denoised : keep * denoised + renoise * noise[i]);
    }
  }
}
