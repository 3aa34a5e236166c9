package io.genpipe.runtime.image;

/** Shared arithmetic of the alpha-parameterised samplers (DDIM, LCM). */
final class AlphaSteps {
  private AlphaSteps() {}

  static void checkRange(double timestep, int trainSteps) {
    if (timestep < 0 || timestep >= trainSteps) {
      throw new ModelConfigException("scheduler_config.json: steps_offset/timestep_spacing give "
          + "timestep " + timestep + " outside [0, " + (trainSteps - 1) + "]");
    }
  }

  /** x0 and epsilon from a model output at one timestep, per {@code prediction_type}. */
  static final class Prediction {
    private final PredictionType type;
    private final double sqrtAlpha;
    private final double sqrtBeta;
    private final boolean clip;
    private final double range;

    Prediction(SchedulerSettings s, double alphaCumprod) {
      this.type = s.predictionType();
      this.sqrtAlpha = Math.sqrt(alphaCumprod);
      this.sqrtBeta = Math.sqrt(1 - alphaCumprod);
      this.clip = s.clipSample();
      this.range = s.clipSampleRange();
    }

    /** The predicted clean sample, clamped when {@code clip_sample} is on. */
    double original(double output, double sample) {
      double x0 = switch (type) {
        case EPSILON -> (sample - sqrtBeta * output) / sqrtAlpha;
        case SAMPLE -> output;
        case V_PREDICTION -> sqrtAlpha * sample - sqrtBeta * output;
      };
      return clip ? Math.max(-range, Math.min(range, x0)) : x0;
    }

    /** The predicted noise (from the unclamped x0, as diffusers does by default). */
    double epsilon(double output, double sample) {
      return switch (type) {
        case EPSILON -> output;
        case SAMPLE -> (sample - sqrtAlpha * output) / sqrtBeta;
        case V_PREDICTION -> sqrtAlpha * output + sqrtBeta * sample;
      };
    }
  }
}
