package io.genpipe.udf.spark;

import io.genpipe.onnx.SessionConf;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything a text-generation task needs from the driver, as a small serialisable value.
 *
 * @param models text models by the name rows use in their {@code model} column
 * @param defaultModel name of the model for rows without a {@code model} value
 * @param jobParams job-level generation parameters (JSON object), layered between the model's
 *     defaults and each row's params
 * @param passThrough names of the prompt dataset's extra columns, copied to the manifest
 * @param modelCacheDir executors' local folder of materialised models (content-addressed)
 * @param modelMemoryBudget bytes of loaded models an executor keeps before evicting idle ones
 * @param failFirstAttemptPartitions test hook: these partitions' first attempts fail after their
 *     first batch (empty in production)
 */
public record TextTaskSpec(
    String runId,
    String jobName,
    long jobSeed,
    int batchSize,
    String jobParams,
    Map<String, TextModelSpec> models,
    String defaultModel,
    SessionConf session,
    String genpipeVersion,
    String promptDataset,
    List<String> passThrough,
    String modelCacheDir,
    long modelMemoryBudget,
    java.util.Set<Integer> failFirstAttemptPartitions)
    implements Serializable {
  public TextTaskSpec {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch-size must be >= 1, got " + batchSize);
    }
    models = Map.copyOf(models);
    passThrough = List.copyOf(passThrough);
    failFirstAttemptPartitions = java.util.Set.copyOf(failFirstAttemptPartitions);
    if (defaultModel != null && !models.containsKey(defaultModel)) {
      throw new IllegalArgumentException("default model '" + defaultModel + "' is not among " + models.keySet());
    }
  }
}
