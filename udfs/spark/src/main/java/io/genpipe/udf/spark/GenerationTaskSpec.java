package io.genpipe.udf.spark;

import io.genpipe.runtime.image.ImageBatchLimits;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a generation task needs from the driver, as a small serialisable value.
 *
 * @param textParams job-level text generation params (JSON object), between the model's defaults
 *     and each row's params
 * @param imageParams job-level image params (JSON object), likewise
 * @param passThrough names of the prompt dataset's extra columns, copied to the manifest
 * @param latentsRoot folder that row {@code latents} paths are resolved in (and may not leave), or
 *     null when rows may not supply latents
 * @param imageBatch how many image rows of a size run in one batch
 * @param failFirstAttemptPartitions test hook: these partitions' first attempts fail after their
 *     first batch (empty in production)
 */
public record GenerationTaskSpec(
    RunInfo run,
    long jobSeed,
    int batchSize,
    String textParams,
    String imageParams,
    TaskModels models,
    List<String> passThrough,
    String latentsRoot,
    ImageBatchLimits imageBatch,
    Set<Integer> failFirstAttemptPartitions)
    implements Serializable {
  public GenerationTaskSpec {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(imageBatch, "imageBatch");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch-size must be >= 1, got " + batchSize);
    }
    passThrough = List.copyOf(passThrough);
    failFirstAttemptPartitions = Set.copyOf(failFirstAttemptPartitions);
  }
}
