package io.genpipe.jobs;

/**
 * Opt-in stage-level scheduling of the generation stage (see {@link GpuStageProfile}).
 *
 * @param enabled ask for GPUs for the generation stage only ({@code gpu-stage-profile})
 * @param executorGpus GPUs of each executor started for that stage ({@code executor-gpus})
 * @param taskGpus GPUs (or a fraction of one) each of its tasks takes ({@code task-gpus})
 */
public record GpuStageConf(boolean enabled, int executorGpus, double taskGpus) {
  public static final GpuStageConf OFF = new GpuStageConf(false, 1, 1.0);

  public GpuStageConf {
    if (executorGpus < 1) {
      throw new JobConfigException("option 'executor-gpus' must be >= 1, got " + executorGpus);
    }
    if (!(taskGpus > 0) || taskGpus > executorGpus || (taskGpus < 1 && 1 / taskGpus % 1 != 0)
        || (taskGpus > 1 && taskGpus % 1 != 0)) {
      throw new JobConfigException("option 'task-gpus' must be a whole number of GPUs up to "
          + "executor-gpus (" + executorGpus + ") or a fraction 1/n such as 0.25, got " + taskGpus);
    }
  }
}
