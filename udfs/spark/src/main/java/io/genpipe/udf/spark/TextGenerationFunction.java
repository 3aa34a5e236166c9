package io.genpipe.udf.spark;

import io.genpipe.onnx.OrtRuntime;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.runtime.generate.TextResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The text-generation stage: normalised prompt rows in, manifest rows out, exactly one per input
 * row. Rows are taken {@code batch-size} at a time (so memory is bounded by the batch), grouped by
 * model, generated with the executor's shared model, and emitted in input order.
 */
public final class TextGenerationFunction implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final TextTaskSpec spec;
  private final TextProgress progress;

  public TextGenerationFunction(TextTaskSpec spec, TextProgress progress) {
    this.spec = spec;
    this.progress = progress;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    SessionConf session = TaskDevice.forCurrentTask(spec.session());
    PartitionModels models = new PartitionModels(session);
    org.apache.spark.TaskContext ctx = org.apache.spark.TaskContext.get();
    if (ctx != null) {
      ctx.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> models.close());
    }
    boolean injectFault = ctx != null && ctx.attemptNumber() == 0
        && spec.failFirstAttemptPartitions().contains(ctx.partitionId());
    return new BatchIterator(input, batch -> generate(batch, models), models::close, injectFault);
  }

  /** The models one partition borrowed, given back when the partition ends (or the task fails). */
  private final class PartitionModels implements AutoCloseable {
    private final SessionConf session;
    private final Map<String, ExecutorModels.Lease> leases = new LinkedHashMap<>();

    PartitionModels(SessionConf session) {
      this.session = session;
    }

    synchronized TextModel get(TextModelSpec m) {
      return leases.computeIfAbsent(m.name(), n -> {
        progress.modelBorrows().add(1);
        return ExecutorModels.borrow(m, session, java.nio.file.Path.of(spec.modelCacheDir()),
            spec.modelMemoryBudget(), progress::loaded);
      }).model();
    }

    @Override
    public synchronized void close() {
      leases.values().forEach(ExecutorModels.Lease::close);
      leases.clear();
    }
  }

  private List<Row> generate(List<Row> batch, PartitionModels models) {
    TextRowPlanner planner = new TextRowPlanner(spec);
    List<RowPlan> plans = batch.stream().map(planner::plan).toList();
    Map<RowPlan, Row> out = new java.util.IdentityHashMap<>();
    Map<String, List<RowPlan>> byModel = new LinkedHashMap<>();
    for (RowPlan p : plans) {
      if (p.runnable()) {
        byModel.computeIfAbsent(p.modelName(), k -> new ArrayList<>()).add(p);
      }
    }
    byModel.forEach((name, group) -> generateGroup(models.get(spec.models().get(name)), group, out));
    List<Row> rows = new ArrayList<>(plans.size());
    for (RowPlan p : plans) {
      rows.add(out.containsKey(p) ? out.get(p) : errorRow(p, p.errorClass(), p.errorMessage(), null));
    }
    return rows;
  }

  private void generateGroup(TextModel model, List<RowPlan> group, Map<RowPlan, Row> out) {
    List<TextResult> results = model.generation(null)
        .generate(group.stream().map(RowPlan::request).toList());
    for (int i = 0; i < group.size(); i++) {
      RowPlan p = group.get(i);
      TextResult r = results.get(i);
      out.put(p, r.isOk() ? okRow(p, r, model) : errorRow(p, r.errorClass(), r.errorMessage(), r));
    }
  }

  private Row okRow(RowPlan p, TextResult r, TextModel model) {
    progress.tokensOut().add(r.tokensOut());
    return base(p, "ok")
        .set("text", r.text())
        .set("finish_reason", r.finishReason())
        .set("tokens_in", r.tokensIn())
        .set("tokens_out", r.tokensOut())
        .set("latency_ms", r.latencyMs())
        .set("execution_provider", model.device().wireName())
        .build();
  }

  private Row errorRow(RowPlan p, String errorClass, String message, TextResult r) {
    progress.errors().add(1);
    return base(p, "error")
        .set("error_class", errorClass)
        .set("error_message", message)
        .set("tokens_in", r == null ? null : r.tokensIn())
        .build();
  }

  private ManifestRowBuilder base(RowPlan p, String status) {
    progress.rows().add(1);
    TextModelSpec m = p.modelName() == null ? null : spec.models().get(p.modelName());
    ManifestRowBuilder b = new ManifestRowBuilder()
        .set("prompt_id", p.promptId())
        .set("run_id", spec.runId())
        .set("job_name", spec.jobName())
        .set("task", p.task())
        .set("status", status)
        .set("created_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
        .set("prompt", p.prompt())
        .set("prompt_sha256", p.prompt() == null ? null : Provenance.sha256Hex(p.prompt()))
        .set("prompt_dataset", spec.promptDataset())
        .set("params", p.params())
        .set("seed", p.seed())
        .set("onnxruntime_version", OrtRuntime.version())
        .set("genpipe_version", spec.genpipeVersion())
        .set("host", Provenance.hostName())
        .set("digital_source_type", Provenance.TRAINED_ALGORITHMIC_MEDIA)
        .set("c2pa_manifest_present", false)
        .set("output_id", p.outputId(spec));
    if (m != null) {
      modelFacts(b, m);
    }
    for (String col : spec.passThrough()) {
      b.passThrough(p.input().get(p.input().fieldIndex(col)));
    }
    return b;
  }

  private void modelFacts(ManifestRowBuilder b, TextModelSpec m) {
    var d = m.descriptor();
    var lic = d.license();
    b.set("model_id", d.modelId())
        .set("model_sha256", d.sha256())
        .set("base_model", lic.baseModel())
        .set("base_model_relation", lic.baseModelRelation())
        .set("model_license", lic.license())
        .set("model_license_url", lic.licenseUrl())
        .set("license_category", lic.category().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .set("usage", m.policy().usage())
        .set("policy_decision", m.policy().decision())
        .set("attribution_text", m.policy().attributionText())
        .set("use_restrictions_ref", m.policy().useRestrictionsRef());
  }

  /**
   * Pulls {@code batch-size} rows, maps the batch, hands its rows out, repeats; runs
   * {@code onEnd} once the input is exhausted.
   */
  private final class BatchIterator implements Iterator<Row> {
    private final Iterator<Row> input;
    private final java.util.function.Function<List<Row>, List<Row>> mapper;
    private final Runnable onEnd;
    private final boolean injectFault;
    private int batches;
    private Iterator<Row> current = java.util.Collections.emptyIterator();

    BatchIterator(Iterator<Row> input, java.util.function.Function<List<Row>, List<Row>> mapper,
        Runnable onEnd, boolean injectFault) {
      this.input = input;
      this.mapper = mapper;
      this.onEnd = onEnd;
      this.injectFault = injectFault;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && input.hasNext()) {
        List<Row> batch = new ArrayList<>(spec.batchSize());
        while (batch.size() < spec.batchSize() && input.hasNext()) {
          batch.add(input.next());
        }
        if (injectFault && batches == 1) {
          throw new IllegalStateException("genpipe fault injection: the first attempt of partition "
              + org.apache.spark.TaskContext.getPartitionId() + " fails after its first batch "
              + "(option fault-injection.fail-first-attempt)");
        }
        current = mapper.apply(batch).iterator();
        batches++;
      }
      if (!current.hasNext()) {
        onEnd.run();
      }
      return current.hasNext();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
