package io.genpipe.runtime.image;

import io.genpipe.runtime.generate.InvalidParamsException;

/** Creates schedulers from a model's configuration. */
public final class Schedulers {
  /** Upper bound on {@code num_inference_steps} whatever the schedule allows. */
  public static final int MAX_STEPS = 1000;

  private Schedulers() {}

  /**
   * The scheduler {@code name} with {@code steps} inference steps, configured from the model's
   * {@code scheduler_config.json}.
   *
   * @throws InvalidParamsException when {@code steps} does not fit the schedule (named
   *     {@code num_inference_steps})
   */
  public static Scheduler create(SchedulerConfig config, SchedulerName name, int steps) {
    return create(config.resolve(name), name, steps);
  }

  public static Scheduler create(SchedulerSettings settings, SchedulerName name, int steps) {
    if (steps < 1 || steps > Math.min(MAX_STEPS, settings.numTrainTimesteps())) {
      throw new InvalidParamsException("num_inference_steps must be in [1, "
          + Math.min(MAX_STEPS, settings.numTrainTimesteps()) + "], got " + steps);
    }
    return switch (name) {
      case EULER -> new EulerScheduler(settings, steps);
      case EULER_A -> new EulerAncestralScheduler(settings, steps);
      case DDIM -> new DdimScheduler(settings, steps);
      case LCM -> new LcmScheduler(settings, steps);
    };
  }
}
