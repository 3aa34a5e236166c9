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
  private static final long STOP_WAIT_MS = 60_000;
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
    GpuStageProfile.check(spark, conf);
    SessionConf session = new SessionConf(io.genpipe.onnx.ExecutionDevice.CPU,
        intraOpThreads(conf.models().intraOpThreads()), true);
    TextProgress progress = TextProgress.register(spark.sparkContext());
    TaskModels models = new JobModels(spark, conf, session, progress::loadedOnDriver).resolve();
    try {
      return run(conf, out, models, progress, start, startedAt);
    } finally {
      models.distributed().forEach(DistributedModel::release);
    }
  }

  /**
   * ONNX Runtime threads per session: the option when set, else the cores Spark gives each task
   * ({@code spark.task.cpus}, default 1). ONNX Runtime's own default (every core of the host in
   * each session) oversubscribes an executor that runs one task per core.
   */
  private int intraOpThreads(int option) {
    return option > 0 ? option : spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
  }

  private RunResult run(JobConf conf, OutputLayout out, TaskModels models, TextProgress progress,
      long start, String startedAt) {
    Dataset<Row> prompts = PromptSchema.normalize(PromptReader.read(spark, conf.prompts()));
    List<String> passThrough = passThrough(prompts.schema());
    StructType manifestSchema = manifestSchema(prompts.schema(), passThrough);
    long total = PromptSchema.checkUniqueIds(prompts, 20);
    GenerationConf g = conf.generation();
    GenerationTaskSpec spec = new GenerationTaskSpec(
        new RunInfo(conf.runId(), conf.jobName(), GenpipeVersion.get(), conf.prompts(), out.root()),
        g.seed(), g.batchSize(), g.textParams(), g.imageParams(), models, passThrough,
        g.latentsRoot(), g.imageBatch(), conf.failFirstAttemptPartitions());
    Dataset<Row> todo = conf.resume() && out.hasManifest() ? withoutOkOutputs(prompts, spec, out) : prompts;
    long remaining = todo == prompts ? total : todo.count();
    long validated = System.nanoTime();
    console.printf("genpipe run %s: %d prompts%s, models %s, batch size %d%n", conf.runId(), total,
        remaining < total ? " (" + (total - remaining) + " already ok in " + out.root() + ", "
            + remaining + " to generate)" : "", models.names(), g.batchSize());
    if (remaining == 0) {
      console.println("nothing to do: every prompt already has an ok output in " + out.root());
    } else {
      generate(conf, out, spec, progress, todo, manifestSchema, remaining);
    }
    if (conf.resume()) {
      // After this run's commit, when no task of an earlier, failed job can still be writing.
      out.removeAbandonedStaging(conf.runId())
          .forEach(p -> console.println("removed what a failed run left behind: " + p));
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
            // only a resumed run's view can hold rows of other runs
            .runsInView(conf.resume() ? ManifestViews.runsInView(spark, out) : List.of()).toJson());
    return result;
  }

  private void generate(JobConf conf, OutputLayout out, GenerationTaskSpec spec, TextProgress progress,
      Dataset<Row> todo, StructType manifestSchema, long rows) {
    Dataset<Row> input = conf.partitions() > 0 ? todo.repartition(conf.partitions()) : todo;
    try (ProgressReporter reporter = new ProgressReporter(spark.sparkContext(), progress, rows,
        conf.progressIntervalSeconds(), console)) {
      // Straight into the run's partition folder (the run_id column comes back from the path, as
      // with partitionBy, which would make every task sort its rows by the one run_id first).
      GpuStageProfile.apply(conf, input.mapPartitions(new GenerationFunction(spec, progress),
          Encoders.row(manifestSchema))).drop("run_id").write().mode(SaveMode.Append)
          .parquet(out.manifestOf(conf.runId()));
    } catch (Exception failed) {
      awaitTasksStopped();
      throw failed;
    }
  }

  /**
   * After a failed generation job: waits (at most {@link #STOP_WAIT_MS}) until no task runs on any
   * executor. Spark fails a job as soon as one task has failed for good and only then kills the
   * others, which may still write their staging (the S3A magic committer's {@code __magic} keys)
   * for a while; a {@code --resume} in the same Spark session must not start before they stop.
   */
  private void awaitTasksStopped() {
    long deadline = System.nanoTime() + STOP_WAIT_MS * 1_000_000;
    while (System.nanoTime() < deadline && Arrays.stream(
        spark.sparkContext().statusTracker().getExecutorInfos())
        .mapToInt(org.apache.spark.SparkExecutorInfo::numRunningTasks).sum() > 0) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
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
    Map<String, Object> times = new LinkedHashMap<>(timings);
    times.put("started_at", startedAt);
    times.put("finished_at", Instant.now().toString());
    RunReport report = new RunReport(conf, spark.sparkContext().applicationId(),
        OrtRuntime.version())
        .models(models)
        .counts(byStatus, result.total(), result.skipped())
        .section("throughput", throughput)
        .section("timings", times)
        .section("metrics", RunMetrics.of(models, progress));
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
