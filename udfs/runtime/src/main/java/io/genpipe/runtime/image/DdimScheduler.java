package io.genpipe.runtime.image;

import java.util.random.RandomGenerator;

/**
 * diffusers' {@code DDIMScheduler} with the pipelines' default {@code eta = 0} (deterministic):
 * {@code x_prev = sqrt(a_prev) * x0 + sqrt(1 - a_prev) * eps}, where the previous timestep is
 * {@code t - num_train_timesteps // steps} whatever the spacing, and before the first training
 * step {@code a_prev} is 1 ({@code set_alpha_to_one}) or {@code alphas_cumprod[0]}.
 */
final class DdimScheduler implements Scheduler {
  private final double[] timesteps;
  private final double[] alphasCumprod;
  private final double finalAlphaCumprod;
  private final int stepRatio;
  private final SchedulerSettings settings;

  DdimScheduler(SchedulerSettings s, int steps) {
    this.settings = s;
    this.timesteps = s.timestepSpacing().timesteps(s.numTrainTimesteps(), steps, s.stepsOffset(), true);
    this.alphasCumprod = NoiseSchedule.alphasCumprod(s);
    this.finalAlphaCumprod = s.setAlphaToOne() ? 1.0 : alphasCumprod[0];
    this.stepRatio = s.numTrainTimesteps() / steps;
    for (double t : timesteps) {
      if (t != -1 || s.timestepSpacing() != TimestepSpacing.TRAILING) {
        AlphaSteps.checkRange(t, alphasCumprod.length);
      }
    }
  }

  @Override
  public SchedulerName name() {
    return SchedulerName.DDIM;
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
    // DDIM's model input is the latents as they are.
  }

  @Override
  public void step(float[] modelOutput, int stepIndex, float[] latents, RandomGenerator rng) {
    int t = (int) timesteps[stepIndex];
    int prev = t - stepRatio;
    double alpha = alphasCumprod[Math.floorMod(t, alphasCumprod.length)];
    double alphaPrev = prev >= 0 ? alphasCumprod[prev] : finalAlphaCumprod;
    AlphaSteps.Prediction p = new AlphaSteps.Prediction(settings, alpha);
    double keep = Math.sqrt(alphaPrev);
    double direction = Math.sqrt(1 - alphaPrev);
    for (int i = 0; i < latents.length; i++) {
      double x = latents[i];
      double x0 = p.original(modelOutput[i], x);
      latents[i] = (float) (keep * x0 + direction * p.epsilon(modelOutput[i], x));
    }
  }
}
