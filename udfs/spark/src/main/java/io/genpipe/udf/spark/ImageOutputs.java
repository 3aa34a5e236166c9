package io.genpipe.udf.spark;

import io.genpipe.dataset.spark.MediaStore;
import io.genpipe.dataset.spark.PublishedMedia;
import io.genpipe.onnx.image.ImageModel;
import io.genpipe.runtime.image.ImageMarking;
import io.genpipe.runtime.image.ImageResult;
import io.genpipe.runtime.image.PngEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.Row;

/**
 * Image rows of a batch: generate with the executor's model, encode each image as a PNG marked as
 * AI-generated (no prompt inside), publish it under {@code OUT/media/image/<output_id>.png}, and
 * build its manifest row. A row whose object cannot be encoded or published is an error row, and a
 * group the model fails on as a whole becomes error rows for its rows; nothing is lost.
 */
final class ImageOutputs {
  private final GenerationTaskSpec spec;
  private final PartitionModels models;
  private final TextProgress progress;
  private MediaStore store;

  ImageOutputs(GenerationTaskSpec spec, PartitionModels models, TextProgress progress) {
    this.spec = spec;
    this.models = models;
    this.progress = progress;
  }

  void generate(String modelName, List<RowPlan> group, GenerationFunction rows, Map<RowPlan, Row> out) {
    ImageModelSpec m = spec.models().image().get(modelName);
    ImageModel model = models.image(m);
    List<ImageResult> results;
    try {
      results = model.generate(group.stream().map(RowPlan::image).toList(), spec.imageBatch());
    } catch (RuntimeException e) {
      String message = "model " + m.descriptor().modelId() + " failed on rows "
          + group.stream().map(RowPlan::promptId).toList() + ": " + e.getClass().getSimpleName()
          + ": " + e.getMessage();
      group.forEach(p -> out.put(p, rows.errorRow(p, "generation_error", message, null)));
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      RowPlan p = group.get(i);
      ImageResult r = results.get(i);
      out.put(p, r.isOk() ? publish(p, r, m, model, rows)
          : rows.errorRow(p, r.errorClass(), "row " + p.promptId() + ": " + r.errorMessage(), null));
    }
  }

  private Row publish(RowPlan p, ImageResult r, ImageModelSpec m, ImageModel model,
      GenerationFunction rows) {
    String outputId = p.outputId();
    var lic = m.descriptor().license();
    PublishedMedia media;
    try {
      byte[] png = PngEncoder.encode(r.image().toBufferedImage(), ImageMarking.generated(
          m.descriptor().modelId(), outputId, lic.license(), lic.licenseUrl(),
          spec.run().genpipeVersion()));
      media = store().publishObject(spec.run().outPrefix(), "image", outputId, "png", png,
          metadata(m, lic.license()));
    } catch (IOException | RuntimeException e) {
      return rows.errorRow(p, "output_error", "row " + p.promptId() + ": the image could not be "
          + "encoded or written under " + spec.run().outPrefix() + "/media/image/: " + e.getMessage(), null);
    }
    return rows.base(p, "ok")
        .set("object_uri", media.uri())
        .set("media_type", "image/png")
        .set("byte_size", media.byteSize())
        .set("sha256", media.sha256())
        .set("width", r.image().width())
        .set("height", r.image().height())
        .set("tokens_in", r.promptTokens())
        .set("latency_ms", r.timings().totalMs())
        .set("timings", r.timings().toJson())
        .set("execution_provider", model.device().wireName())
        .build();
  }

  private Map<String, String> metadata(ImageModelSpec m, String license) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("digital-source-type", "trainedAlgorithmicMedia");
    meta.put("model-id", m.descriptor().modelId());
    meta.put("model-license", license);
    meta.put("run-id", spec.run().runId());
    meta.put("manifest-uri", spec.run().outPrefix() + "/manifest/run_id=" + spec.run().runId());
    return meta;
  }

  private MediaStore store() {
    if (store == null) {
      SparkEnv env = SparkEnv.get();
      store = new MediaStore(env == null ? new org.apache.hadoop.conf.Configuration()
          : SparkHadoopUtil.get().newConfiguration(env.conf()));
    }
    return store;
  }
}
