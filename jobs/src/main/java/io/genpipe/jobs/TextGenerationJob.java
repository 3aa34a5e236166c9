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
import io.genpipe.udf.spark.TextGenerationFunction;
import io.genpipe.udf.spark.TextModelSpec;
import io.genpipe.udf.spark.TextProgress;
import io.genpipe.udf.spark.TextTaskSpec;
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
public final class TextGenerationJob {
  private final SparkSession spark;
  private final PrintStream console;

  public TextGenerationJob(SparkSession spark, PrintStream console) {
    this.spark = spark;
    this.console = console;
  }

  public RunResult run(TextJobConf conf) {
    long start = System.nanoTime();
    String startedAt = Instant.now().toString();
    OutputLayout out = new OutputLayout(conf.out(), spark.sparkContext().hadoopConfiguration());
    out.checkWritable();
    SessionConf session = new SessionConf(io.genpipe.onnx.ExecutionDevice.CPU, conf.intraOpThreads(), true);
    Map<String, TextModelSpec> models = new TextModels(spark, conf, session).resolve();
    Dataset<Row> prompts = PromptSchema.normalize(PromptReader.read(spark, conf.prompts()));
    List<String> passThrough = passThrough(prompts.schema());
    StructType manifestSchema = manifestSchema(prompts.schema(), passThrough);
    PromptSchema.checkUniqueIds(prompts, 20);
    long total = prompts.count();
    long validated = System.nanoTime();
    console.printf("genpipe run %s: %d prompts, model%s %s, batch size %d%n", conf.runId(), total,
        models.size() > 1 ? "s" : "", models.keySet(), conf.batchSize());

    TextTaskSpec spec = new TextTaskSpec(conf.runId(), conf.jobName(), conf.seed(), conf.batchSize(),
        conf.params(), models, models.keySet().iterator().next(), session, GenpipeVersion.get(),
        conf.prompts(), passThrough, conf.modelsConf().cacheDir(),
        conf.modelsConf().memoryBudgetBytes());
    TextProgress progress = TextProgress.register(spark.sparkContext());
    Dataset<Row> input = conf.partitions() > 0 ? prompts.repartition(conf.partitions()) : prompts;
    try (ProgressReporter reporter = new ProgressReporter(progress, total,
        conf.progressIntervalSeconds(), console)) {
      input.mapPartitions(new TextGenerationFunction(spec, progress), Encoders.row(manifestSchema))
          .write().mode(SaveMode.ErrorIfExists).parquet(out.manifest());
    } finally {
      models.values().forEach(m -> m.model().release());
    }
    long generated = System.nanoTime();

    Map<String, Long> byStatus = new TreeMap<>();
    long tokensOut = 0;
    for (Row r : spark.read().parquet(out.manifest()).groupBy("status")
        .agg(count(lit(1)), sum(coalesce(col("tokens_out"), lit(0)))).collectAsList()) {
      byStatus.put(r.getString(0), r.getLong(1));
      tokensOut += r.getLong(2);
    }
    double genSeconds = (generated - validated) / 1e9;
    RunResult result = new RunResult(conf.runId(), out.manifest(), out.runReport(conf.runId()), total,
        byStatus.getOrDefault("ok", 0L), byStatus.getOrDefault("error", 0L), tokensOut, genSeconds);
    writeReport(conf, out, models, byStatus, result, progress, startedAt,
        Map.of("validate_ms", (validated - start) / 1_000_000, "generate_ms",
            (generated - validated) / 1_000_000, "total_ms", (System.nanoTime() - start) / 1_000_000));
    return result;
  }

  private void writeReport(TextJobConf conf, OutputLayout out, Map<String, TextModelSpec> models,
      Map<String, Long> byStatus, RunResult result, TextProgress progress, String startedAt,
      Map<String, Long> timings) {
    Map<String, Object> throughput = new LinkedHashMap<>();
    throughput.put("rows_per_s", result.rowsPerSecond());
    throughput.put("tokens_out", result.tokensOut());
    throughput.put("tokens_per_s", result.tokensPerSecond());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("model_distribution", models.values().iterator().next().model().distribution().wireName());
    metrics.put("model_loads_on_executors", progress.modelLoads().value());
    metrics.put("model_load_ms_on_executors", progress.modelLoadNanos().value() / 1_000_000);
    metrics.put("model_materialise_ms_on_executors", progress.materialiseNanos().value() / 1_000_000);
    metrics.put("model_borrows", progress.modelBorrows().value());
    metrics.put("model_cache_hits", progress.modelBorrows().value() - progress.modelLoads().value());
    metrics.put("model_bytes_broadcast", models.values().stream()
        .filter(m -> !m.model().chunks().isEmpty()).mapToLong(m -> m.descriptor().totalBytes()).sum());
    metrics.put("model_broadcast_chunks", models.values().stream()
        .mapToInt(m -> m.model().chunks().size()).sum());
    Map<String, Object> times = new LinkedHashMap<>(timings);
    times.put("started_at", startedAt);
    times.put("finished_at", Instant.now().toString());
    RunReport report = new RunReport(conf, spark.sparkContext().applicationId(),
        OrtRuntime.version())
        .models(models.values())
        .counts(byStatus, result.total())
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
