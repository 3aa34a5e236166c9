package io.genpipe.jobs;

import java.util.Map;
import java.util.Set;

/**
 * A job's resolved settings (see {@link JobOptions} for where each comes from).
 *
 * @param prompts prompt dataset path (Parquet file or folder, .jsonl, .csv; any Hadoop FS)
 * @param out output prefix (any Hadoop FS)
 * @param partitions repartition the prompts into this many partitions, or 0 to keep the input's
 * @param sparkConf Spark settings ({@code --conf}), possibly secret: never logged unredacted
 * @param models which models, how they reach executors and are kept there; pins, overrides
 * @param generation batch size, seeds and job-level params
 * @param policy the declared usage the licence gate decides against
 * @param resume continue a run in {@code out}: skip rows that already have an ok output
 * @param failFirstAttemptPartitions test hook, see {@link JobOptions#FAIL_FIRST_ATTEMPT}
 * @param gpuStage GPUs for the generation stage only (stage-level scheduling), off by default
 */
public record JobConf(
    String prompts,
    String out,
    String master,
    int partitions,
    String jobName,
    String runId,
    int progressIntervalSeconds,
    Map<String, String> sparkConf,
    ModelsConf models,
    GenerationConf generation,
    LicensePolicy policy,
    boolean resume,
    Set<Integer> failFirstAttemptPartitions,
    GpuStageConf gpuStage) {

  public JobConf {
    sparkConf = Map.copyOf(sparkConf);
    failFirstAttemptPartitions = Set.copyOf(failFirstAttemptPartitions);
  }
}
