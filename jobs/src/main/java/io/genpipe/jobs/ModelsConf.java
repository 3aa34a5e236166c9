package io.genpipe.jobs;

import io.genpipe.model.spark.Distribution;
import java.util.Map;

/**
 * Model handling settings of a job.
 *
 * @param distribution how weights reach executors; null = auto (local-path on a local master,
 *     broadcast otherwise)
 * @param chunkBytes broadcast chunk size
 * @param cacheDir executors' local model cache (content-addressed by model sha256)
 * @param memoryBudgetBytes loaded-model bytes an executor keeps before evicting idle models
 * @param pins expected content sha256 by model name
 * @param licenses licence overrides (SPDX id or LicenseRef-…) by model name
 */
public record ModelsConf(Distribution distribution, long chunkBytes, String cacheDir,
    long memoryBudgetBytes, Map<String, String> pins, Map<String, String> licenses) {
  public ModelsConf {
    pins = Map.copyOf(pins);
    licenses = Map.copyOf(licenses);
  }

  public Distribution effective(boolean localMaster) {
    if (distribution != null) {
      return distribution;
    }
    return localMaster ? Distribution.LOCAL_PATH : Distribution.BROADCAST;
  }
}
