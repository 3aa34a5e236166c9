package io.genpipe.udf.spark;

import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.onnx.image.ImageModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The models one partition borrowed, given back when the partition ends (or the task fails). */
final class PartitionModels implements AutoCloseable {
  private final TaskModels models;
  private final SessionConf session;
  private final TextProgress progress;
  private final Map<String, ExecutorModels.Lease<?>> leases = new LinkedHashMap<>();

  PartitionModels(TaskModels models, SessionConf session, TextProgress progress) {
    this.models = models;
    this.session = session;
    this.progress = progress;
  }

  synchronized TextModel text(TextModelSpec m) {
    return (TextModel) leases.computeIfAbsent("text:" + m.name(), n -> borrow(m.model(),
        TextModel::load)).model();
  }

  synchronized ImageModel image(ImageModelSpec m) {
    return (ImageModel) leases.computeIfAbsent("image:" + m.name(), n -> borrow(m.model(),
        ImageModel::load)).model();
  }

  private <M extends AutoCloseable> ExecutorModels.Lease<M> borrow(
      io.genpipe.model.spark.DistributedModel model, ExecutorModels.Loader<M> loader) {
    progress.modelBorrows().add(1);
    return ExecutorModels.borrow(model, session, Path.of(models.cacheDir()), models.memoryBudget(),
        progress::loaded, loader);
  }

  @Override
  public synchronized void close() {
    leases.values().forEach(ExecutorModels.Lease::close);
    leases.clear();
  }
}
