package io.genpipe.jobs;

import io.genpipe.model.spark.Distribution;
import java.util.Map;

/**
 * Which models a job uses and how they are handled.
 *
 * @param textModel default text model folder or URI, or null
 * @param namedModels further text models by name (rows pick one in their {@code model} column)
 * @param imageModel default image model folder or URI, or null
 * @param intraOpThreads ONNX Runtime intra-op threads per session (0: {@code spark.task.cpus})
 * @param distribution how weights reach executors; null = auto (local-path on a local master,
 *     broadcast otherwise)
 * @param chunkBytes broadcast chunk size
 * @param cacheDir executors' local model cache (content-addressed by model sha256)
 * @param memoryBudgetBytes loaded-model bytes an executor keeps before evicting idle models
 * @param pins expected content sha256 by model name
 * @param licenses licence overrides (SPDX id or LicenseRef-…) by model name
 */
public record ModelsConf(String textModel, Map<String, String> namedModels, String imageModel,
    int intraOpThreads, Distribution distribution, long chunkBytes, String cacheDir,
    long memoryBudgetBytes, Map<String, String> pins, Map<String, String> licenses) {
  public ModelsConf {
    namedModels = Map.copyOf(namedModels);
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
