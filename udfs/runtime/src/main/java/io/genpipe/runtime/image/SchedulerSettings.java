package io.genpipe.runtime.image;

/**
 * A scheduler's configuration resolved for one target scheduler: the model's
 * {@code scheduler_config.json} values with that diffusers class's defaults for what it leaves out.
 *
 * @param betaSchedule {@code linear}, {@code scaled_linear} or {@code squaredcos_cap_v2}
 * @param trainedBetas explicit betas ({@code trained_betas}), or null to use the schedule
 * @param setAlphaToOne DDIM/LCM: the final step's previous alpha product is 1 (else alphas_cumprod[0])
 * @param clipSample DDIM/LCM: clamp the predicted x0 to [-clipSampleRange, clipSampleRange]
 * @param originalInferenceSteps LCM: the distillation schedule's length
 * @param timestepScaling LCM: the boundary-condition scaling of timesteps
 */
public record SchedulerSettings(
    int numTrainTimesteps,
    double betaStart,
    double betaEnd,
    String betaSchedule,
    double[] trainedBetas,
    PredictionType predictionType,
    TimestepSpacing timestepSpacing,
    int stepsOffset,
    boolean setAlphaToOne,
    boolean clipSample,
    double clipSampleRange,
    int originalInferenceSteps,
    double timestepScaling) {

  public SchedulerSettings {
    require(numTrainTimesteps >= 2, "num_train_timesteps must be >= 2, got " + numTrainTimesteps);
    require(betaStart > 0 && betaEnd > 0 && betaEnd < 1 && betaStart < 1,
        "beta_start and beta_end must be in (0, 1), got " + betaStart + ", " + betaEnd);
    require(trainedBetas == null || trainedBetas.length == numTrainTimesteps,
        "trained_betas must hold num_train_timesteps values");
    require(stepsOffset >= 0, "steps_offset must be >= 0, got " + stepsOffset);
    require(originalInferenceSteps >= 1 && originalInferenceSteps <= numTrainTimesteps,
        "original_inference_steps must be in [1, num_train_timesteps], got " + originalInferenceSteps);
    require(timestepScaling > 0, "timestep_scaling must be > 0, got " + timestepScaling);
    trainedBetas = trainedBetas == null ? null : trainedBetas.clone();
  }

  /** Stable Diffusion 1.x/2.x betas with the given prediction type and spacing (tests, defaults). */
  public static SchedulerSettings stableDiffusion(PredictionType prediction, TimestepSpacing spacing,
      int stepsOffset) {
    return new SchedulerSettings(1000, 0.00085, 0.012, "scaled_linear", null, prediction, spacing,
        stepsOffset, false, false, 1.0, 50, 10.0);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ModelConfigException("scheduler_config.json: " + message);
    }
  }
}
