package io.genpipe.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.genpipe.dataset.PromptColumns;
import io.genpipe.dataset.spark.PromptReader;
import io.genpipe.dataset.spark.PromptSchema;
import io.genpipe.onnx.OrtRuntime;
import io.genpipe.onnx.SessionConf;
import io.genpipe.udf.spark.ManifestSchema;
import io.genpipe.udf.spark.OutputIdFunction;
import io.genpipe.udf.spark.GenerationFunction;
import io.genpipe.model.spark.DistributedModel;
import io.genpipe.udf.spark.GenerationTaskSpec;
import io.genpipe.udf.spark.RunInfo;
import io.genpipe.udf.spark.TaskModels;
import io.genpipe.udf.spark.TextProgress;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The text-generation job: prompt dataset in, {@code OUT/manifest/} and
 * {@code OUT/runs/<run_id>.json} out. Every check that can fail the job (options, output prefix,
 * models, licences, prompt schema, duplicate ids) runs on the driver before generation starts.
 */
public final class GenerationJob {
  private final SparkSession spark;
  private final PrintStream console;

  public GenerationJob(SparkSession spark, PrintStream console) {
    this.spark = spark;
    this.console = console;
  }

  public RunResult run(JobConf conf) {
    long start = System.nanoTime();
    String startedAt = Instant.now().toString();
    OutputLayout out = new OutputLayout(conf.out(), spark.sparkContext().hadoopConfiguration());
    out.checkWritable(conf.resume());
    SessionConf session = new SessionConf(io.genpipe.onnx.ExecutionDevice.CPU,
        conf.models().intraOpThreads(), true);
    TaskModels models = new JobModels(spark, conf, session).resolve();
    try {
      return run(conf, out, models, start, startedAt);
    } finally {
      distributed(models).forEach(DistributedModel::release);
    }
  }

  private static List<DistributedModel> distributed(TaskModels models) {
    List<DistributedModel> all = new java.util.ArrayList<>();
    models.text().values().forEach(m -> all.add(m.model()));
    models.image().values().forEach(m -> all.add(m.model()));
    return all;
  }

  private RunResult run(JobConf conf, OutputLayout out, TaskModels models, long start,
      String startedAt) {
    Dataset<Row> prompts = PromptSchema.normalize(PromptReader.read(spark, conf.prompts()));
    List<String> passThrough = passThrough(prompts.schema());
    StructType manifestSchema = manifestSchema(prompts.schema(), passThrough);
    PromptSchema.checkUniqueIds(prompts, 20);
    long total = prompts.count();
    GenerationConf g = conf.generation();
    GenerationTaskSpec spec = new GenerationTaskSpec(
        new RunInfo(conf.runId(), conf.jobName(), GenpipeVersion.get(), conf.prompts(), out.root()),
        g.seed(), g.batchSize(), g.textParams(), g.imageParams(), models, passThrough,
        g.latentsRoot(), conf.failFirstAttemptPartitions());
    Dataset<Row> todo = conf.resume() && out.hasManifest() ? withoutOkOutputs(prompts, spec, out) : prompts;
    long remaining = todo == prompts ? total : todo.count();
    long validated = System.nanoTime();
    console.printf("genpipe run %s: %d prompts%s, models %s, batch size %d%n", conf.runId(), total,
        remaining < total ? " (" + (total - remaining) + " already ok in " + out.root() + ", "
            + remaining + " to generate)" : "", models.names(), g.batchSize());
    TextProgress progress = TextProgress.register(spark.sparkContext());
    if (remaining == 0) {
      console.println("nothing to do: every prompt already has an ok output in " + out.root());
    } else {
      generate(conf, out, spec, progress, todo, manifestSchema, remaining);
    }
    long generated = System.nanoTime();
    Map<String, Long> byStatus = remaining == 0 ? new TreeMap<>() : statusCounts(out.manifestOf(conf.runId()));
    long tokensOut = byStatus.getOrDefault("_tokens_out", 0L);
    byStatus.remove("_tokens_out");
    RunResult result = new RunResult(conf.runId(), out.manifest(), out.runReport(conf.runId()), total,
        total - remaining, byStatus.getOrDefault("ok", 0L), byStatus.getOrDefault("error", 0L),
        tokensOut, (generated - validated) / 1e9);
    writeReport(conf, out, models, byStatus, result, progress, startedAt,
        Map.of("validate_ms", (validated - start) / 1_000_000, "generate_ms",
            (generated - validated) / 1_000_000, "total_ms", (System.nanoTime() - start) / 1_000_000));
    out.writeText(CroissantCard.location(out.root()),
        CroissantCard.forRun(conf, models, manifestSchema, startedAt, total)
            .runsInView(ManifestViews.runsInView(spark, out)).toJson());
    return result;
  }

  private void generate(JobConf conf, OutputLayout out, GenerationTaskSpec spec, TextProgress progress,
      Dataset<Row> todo, StructType manifestSchema, long rows) {
    Dataset<Row> input = conf.partitions() > 0 ? todo.repartition(conf.partitions()) : todo;
    try (ProgressReporter reporter = new ProgressReporter(progress, rows,
        conf.progressIntervalSeconds(), console)) {
      input.mapPartitions(new GenerationFunction(spec, progress), Encoders.row(manifestSchema))
          .write().mode(SaveMode.Append).partitionBy("run_id").parquet(out.manifest());
    }
  }

  /** The prompts whose output id has no ok row in the manifest yet (errors are retried). */
  private Dataset<Row> withoutOkOutputs(Dataset<Row> prompts, GenerationTaskSpec spec, OutputLayout out) {
    Dataset<Row> ok = spark.read().parquet(out.manifest()).where(col("status").equalTo("ok"))
        .select(col("output_id").as("_ok_output_id")).distinct();
    Dataset<Row> ids = prompts
        .mapPartitions(new OutputIdFunction(spec), Encoders.row(OutputIdFunction.SCHEMA));
    Dataset<Row> pending = ids.join(ok, ids.col("output_id").equalTo(ok.col("_ok_output_id")), "left_anti")
        .select(col("id").as("_pending_id"));
    return prompts.join(pending, prompts.col("id").equalTo(pending.col("_pending_id")), "left_semi");
  }

  /** Rows by status of one run's manifest partition, plus the run's total new tokens. */
  private Map<String, Long> statusCounts(String manifestPartition) {
    Map<String, Long> byStatus = new TreeMap<>();
    long tokens = 0;
    for (Row r : spark.read().parquet(manifestPartition).groupBy("status")
        .agg(count(lit(1)), sum(coalesce(col("tokens_out"), lit(0)))).collectAsList()) {
      byStatus.put(r.getString(0), r.getLong(1));
      tokens += r.getLong(2);
    }
    byStatus.put("_tokens_out", tokens);
    return byStatus;
  }

  private void writeReport(JobConf conf, OutputLayout out, TaskModels models,
      Map<String, Long> byStatus, RunResult result, TextProgress progress, String startedAt,
      Map<String, Long> timings) {
    Map<String, Object> throughput = new LinkedHashMap<>();
    throughput.put("rows_per_s", result.rowsPerSecond());
    throughput.put("tokens_out", result.tokensOut());
    throughput.put("tokens_per_s", result.tokensPerSecond());
    Map<String, Object> metrics = new LinkedHashMap<>();
    List<DistributedModel> all = distributed(models);
    metrics.put("model_distribution", all.get(0).distribution().wireName());
    metrics.put("model_loads_on_executors", progress.modelLoads().value());
    metrics.put("model_load_ms_on_executors", progress.modelLoadNanos().value() / 1_000_000);
    metrics.put("model_materialise_ms_on_executors", progress.materialiseNanos().value() / 1_000_000);
    metrics.put("model_borrows", progress.modelBorrows().value());
    metrics.put("model_cache_hits", progress.modelBorrows().value() - progress.modelLoads().value());
    metrics.put("model_bytes_broadcast", all.stream()
        .filter(m -> !m.chunks().isEmpty()).mapToLong(m -> m.descriptor().totalBytes()).sum());
    metrics.put("model_broadcast_chunks", all.stream().mapToInt(m -> m.chunks().size()).sum());
    Map<String, Object> times = new LinkedHashMap<>(timings);
    times.put("started_at", startedAt);
    times.put("finished_at", Instant.now().toString());
    RunReport report = new RunReport(conf, spark.sparkContext().applicationId(),
        OrtRuntime.version())
        .models(models)
        .counts(byStatus, result.total(), result.skipped())
        .section("throughput", throughput)
        .section("timings", times)
        .section("metrics", metrics);
    out.writeText(out.runReport(conf.runId()), report.toJson());
  }

  private static List<String> passThrough(StructType schema) {
    return Arrays.stream(schema.fieldNames()).filter(n -> !PromptColumns.isKnown(n)).toList();
  }

  private static StructType manifestSchema(StructType prompts, List<String> passThrough) {
    try {
      List<StructField> fields = passThrough.stream().map(n -> prompts.fields()[prompts.fieldIndex(n)])
          .toList();
      return ManifestSchema.withPassThrough(fields);
    } catch (IllegalArgumentException e) {
      throw new JobConfigException(e.getMessage(), e);
    }
  }
}
