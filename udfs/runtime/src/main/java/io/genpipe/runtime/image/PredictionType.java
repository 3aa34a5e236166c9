package io.genpipe.runtime.image;

/** What the UNet predicts ({@code prediction_type} in {@code scheduler_config.json}). */
public enum PredictionType {
  /** The added noise (SD 1.x, SD-Turbo, LCM). */
  EPSILON,
  /** The velocity {@code sqrt(a) * noise - sqrt(1 - a) * x0} (SD 2.x 768 px). */
  V_PREDICTION,
  /** The clean sample itself. */
  SAMPLE;

  static PredictionType parse(String value) {
    return switch (value) {
      case "epsilon" -> EPSILON;
      case "v_prediction" -> V_PREDICTION;
      case "sample", "original_sample" -> SAMPLE;
      default -> throw new ModelConfigException("scheduler_config.json prediction_type '" + value
          + "' is not supported; expected epsilon, v_prediction or sample");
    };
  }
}
