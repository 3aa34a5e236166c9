package io.genpipe.udf.spark;

import io.genpipe.onnx.OrtRuntime;
import io.genpipe.onnx.SessionConf;
import io.genpipe.runtime.generate.TextResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The generation stage: normalised prompt rows in, manifest rows out, exactly one per input row.
 * Rows are taken {@code batch-size} at a time (so memory is bounded by the batch), grouped by task
 * and model, generated with the executor's shared models, and emitted in input order.
 */
public final class GenerationFunction implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final GenerationTaskSpec spec;
  private final TextProgress progress;

  public GenerationFunction(GenerationTaskSpec spec, TextProgress progress) {
    this.spec = spec;
    this.progress = progress;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    SessionConf session = TaskDevice.forCurrentTask(spec.models().session());
    PartitionModels models = new PartitionModels(spec.models(), session, progress);
    TaskContext ctx = TaskContext.get();
    if (ctx != null) {
      ctx.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> models.close());
    }
    boolean injectFault = ctx != null && ctx.attemptNumber() == 0
        && spec.failFirstAttemptPartitions().contains(ctx.partitionId());
    ImageOutputs images = new ImageOutputs(spec, models, progress);
    return new BatchIterator(input, spec.batchSize(), batch -> generate(batch, models, images),
        models::close, injectFault);
  }

  private List<Row> generate(List<Row> batch, PartitionModels models, ImageOutputs images) {
    RowPlanner planner = new RowPlanner(spec);
    List<RowPlan> plans = batch.stream().map(planner::plan).toList();
    Map<RowPlan, Row> out = new IdentityHashMap<>();
    Map<String, List<RowPlan>> groups = new LinkedHashMap<>();
    for (RowPlan p : plans) {
      if (p.runnable()) {
        groups.computeIfAbsent(p.task() + "\u0000" + p.modelName(), k -> new ArrayList<>()).add(p);
      }
    }
    groups.values().forEach(group -> {
      RowPlan first = group.get(0);
      if (first.image() != null) {
        images.generate(first.modelName(), group, this, out);
      } else {
        generateText(models, first.modelName(), group, out);
      }
    });
    List<Row> rows = new ArrayList<>(plans.size());
    for (RowPlan p : plans) {
      rows.add(out.containsKey(p) ? out.get(p) : errorRow(p, p.errorClass(), p.errorMessage(), null));
    }
    return rows;
  }

  private void generateText(PartitionModels models, String name, List<RowPlan> group,
      Map<RowPlan, Row> out) {
    var model = models.text(spec.models().text().get(name));
    List<TextResult> results;
    try {
      results = model.generation(null).generate(group.stream().map(RowPlan::text).toList());
    } catch (RuntimeException e) {
      String message = "model " + model.modelId() + " failed on rows "
          + group.stream().map(RowPlan::promptId).toList() + ": " + e.getClass().getSimpleName()
          + ": " + e.getMessage();
      group.forEach(p -> out.put(p, errorRow(p, "generation_error", message, null)));
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      RowPlan p = group.get(i);
      TextResult r = results.get(i);
      if (r.isOk()) {
        progress.tokensOut().add(r.tokensOut());
        out.put(p, base(p, "ok")
            .set("text", r.text())
            .set("finish_reason", r.finishReason())
            .set("tokens_in", r.tokensIn())
            .set("tokens_out", r.tokensOut())
            .set("latency_ms", r.latencyMs())
            .set("execution_provider", model.device().wireName())
            .build());
      } else {
        out.put(p, errorRow(p, r.errorClass(), r.errorMessage(), r.tokensIn()));
      }
    }
  }

  Row errorRow(RowPlan p, String errorClass, String message, Integer tokensIn) {
    progress.errors().add(1);
    return base(p, "error")
        .set("error_class", errorClass)
        .set("error_message", message)
        .set("tokens_in", tokensIn)
        .build();
  }

  /** The manifest fields every row has: identity, prompt, model, licence, provenance. */
  ManifestRowBuilder base(RowPlan p, String status) {
    progress.rows().add(1);
    RunInfo run = spec.run();
    ManifestRowBuilder b = new ManifestRowBuilder()
        .set("output_id", p.outputId())
        .set("prompt_id", p.promptId())
        .set("run_id", run.runId())
        .set("job_name", run.jobName())
        .set("task", p.task())
        .set("status", status)
        .set("created_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
        .set("prompt", p.prompt())
        .set("prompt_sha256", p.prompt() == null ? null : Provenance.sha256Hex(p.prompt()))
        .set("prompt_dataset", run.promptDataset())
        .set("params", p.params())
        .set("seed", p.seed())
        .set("onnxruntime_version", OrtRuntime.version())
        .set("genpipe_version", run.genpipeVersion())
        .set("host", Provenance.hostName())
        .set("digital_source_type", Provenance.TRAINED_ALGORITHMIC_MEDIA)
        .set("c2pa_manifest_present", false);
    modelFacts(b, p.modelName());
    for (String col : spec.passThrough()) {
      b.passThrough(p.input().get(p.input().fieldIndex(col)));
    }
    return b;
  }

  private void modelFacts(ManifestRowBuilder b, String name) {
    TextModelSpec t = name == null ? null : spec.models().text().get(name);
    ImageModelSpec i = name == null ? null : spec.models().image().get(name);
    if (t == null && i == null) {
      return;
    }
    var d = t != null ? t.descriptor() : i.descriptor();
    PolicyDecision policy = t != null ? t.policy() : i.policy();
    var lic = d.license();
    b.set("model_id", d.modelId())
        .set("model_sha256", d.sha256())
        .set("base_model", lic.baseModel())
        .set("base_model_relation", lic.baseModelRelation())
        .set("model_license", lic.license())
        .set("model_license_url", lic.licenseUrl())
        .set("license_category", lic.category().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .set("usage", policy.usage())
        .set("policy_decision", policy.decision())
        .set("attribution_text", policy.attributionText())
        .set("use_restrictions_ref", policy.useRestrictionsRef());
  }
}
