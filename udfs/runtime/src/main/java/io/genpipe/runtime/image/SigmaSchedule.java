package io.genpipe.runtime.image;

/**
 * The Karras-style sigma schedule shared by the Euler samplers: timesteps by
 * {@code timestep_spacing}, {@code sigma(t) = sqrt((1 - a_t) / a_t)} linearly interpolated at the
 * (possibly fractional) timesteps, a final sigma of 0, and the matching input scaling.
 */
final class SigmaSchedule {
  final double[] timesteps;
  /** One per timestep, plus a final 0. */
  final double[] sigmas;
  final float initNoiseSigma;
  final PredictionType prediction;

  SigmaSchedule(SchedulerSettings s, int steps) {
    timesteps = s.timestepSpacing().timesteps(s.numTrainTimesteps(), steps, s.stepsOffset(), false);
    double[] train = trainSigmas(NoiseSchedule.alphasCumprod(s));
    sigmas = new double[timesteps.length + 1];
    double max = 0;
    for (int i = 0; i < timesteps.length; i++) {
      sigmas[i] = interpolate(train, timesteps[i]);
      max = Math.max(max, sigmas[i]);
    }
    initNoiseSigma = (float) (s.timestepSpacing() == TimestepSpacing.LEADING
        ? Math.sqrt(max * max + 1) : max);
    prediction = s.predictionType();
  }

  private static double[] trainSigmas(double[] alphasCumprod) {
    double[] out = new double[alphasCumprod.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.sqrt((1 - alphasCumprod[i]) / alphasCumprod[i]);
    }
    return out;
  }

  /** numpy {@code interp(t, arange(len), values)}: clamped at both ends. */
  private static double interpolate(double[] values, double t) {
    if (t <= 0) {
      return values[0];
    }
    if (t >= values.length - 1) {
      return values[values.length - 1];
    }
    int lo = (int) Math.floor(t);
    double frac = t - lo;
    return frac == 0 ? values[lo] : values[lo] + (values[lo + 1] - values[lo]) * frac;
  }

  void scale(float[] latents, int stepIndex) {
    double sigma = sigmas[stepIndex];
    double factor = 1.0 / Math.sqrt(sigma * sigma + 1);
    for (int i = 0; i < latents.length; i++) {
      latents[i] = (float) (latents[i] * factor);
    }
  }

  /** The predicted clean sample for one element at noise level {@code sigma}. */
  double predictOriginal(double output, double sample, double sigma) {
    return switch (prediction) {
      case EPSILON -> sample - sigma * output;
      case V_PREDICTION -> output * (-sigma / Math.sqrt(sigma * sigma + 1))
          + sample / (sigma * sigma + 1);
      case SAMPLE -> output;
    };
  }
}
