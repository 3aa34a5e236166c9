package io.genpipe.jobs;

import java.util.Map;

/**
 * A text job's resolved settings (see {@link JobOptions} for where each comes from).
 *
 * @param prompts prompt dataset path (Parquet file or folder, .jsonl, .csv; any Hadoop FS)
 * @param out output prefix (any Hadoop FS)
 * @param textModel default text model folder, or null when every row names its model
 * @param models further text models by name (rows pick one in their {@code model} column)
 * @param partitions repartition the prompts into this many partitions, or 0 to keep the input's
 * @param params job-level generation params (JSON object), between model defaults and row params
 * @param sparkConf Spark settings ({@code --conf}), possibly secret: never logged unredacted
 * @param modelsConf how models reach executors and are kept there; pins and licence overrides
 * @param resume continue a run in {@code out}: skip rows that already have an ok output
 * @param failFirstAttemptPartitions test hook, see {@link JobOptions#FAIL_FIRST_ATTEMPT}
 */
public record TextJobConf(
    String prompts,
    String out,
    String textModel,
    Map<String, String> models,
    String master,
    int partitions,
    int batchSize,
    long seed,
    String jobName,
    String runId,
    String params,
    Usage usage,
    boolean allowUnknownLicense,
    int intraOpThreads,
    int progressIntervalSeconds,
    Map<String, String> sparkConf,
    ModelsConf modelsConf,
    boolean resume,
    java.util.Set<Integer> failFirstAttemptPartitions) {

  public TextJobConf {
    models = Map.copyOf(models);
    sparkConf = Map.copyOf(sparkConf);
  }
}
