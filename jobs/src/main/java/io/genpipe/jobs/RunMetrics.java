package io.genpipe.jobs;

import io.genpipe.model.spark.DistributedModel;
import io.genpipe.udf.spark.TaskModels;
import io.genpipe.udf.spark.TextProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics} section of {@code runs/<run_id>.json}: how the models reached the tasks.
 * Loads count wherever they happened (tasks, or the driver of a local master whose tasks share its
 * loaded model); {@code model_bytes_fetched} is what was copied into executor caches (broadcast
 * chunks or shared storage), 0 when every cache already held the model or the mode is local-path.
 */
final class RunMetrics {
  private RunMetrics() {}

  static Map<String, Object> of(TaskModels models, TextProgress p) {
    List<DistributedModel> all = models.distributed();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_distribution", all.get(0).distribution().wireName());
    m.put("model_loads", p.modelLoads().value());
    m.put("model_loads_on_executors", p.modelLoads().value() - p.modelLoadsOnDriver().value());
    m.put("model_loads_on_driver", p.modelLoadsOnDriver().value());
    m.put("model_load_ms", p.modelLoadNanos().value() / 1_000_000);
    m.put("model_materialise_ms", p.materialiseNanos().value() / 1_000_000);
    m.put("model_borrows", p.modelBorrows().value());
    m.put("model_cache_hits", p.cacheHits());
    m.put("model_bytes_fetched", p.modelBytesFetched().value());
    m.put("model_bytes_broadcast", all.stream()
        .filter(d -> !d.chunks().isEmpty()).mapToLong(d -> d.descriptor().totalBytes()).sum());
    m.put("model_broadcast_chunks", all.stream().mapToInt(d -> d.chunks().size()).sum());
    return m;
  }
}
