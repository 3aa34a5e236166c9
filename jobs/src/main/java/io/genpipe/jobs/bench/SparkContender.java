package io.genpipe.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.jobs.JobOptions;
import io.genpipe.jobs.RunResult;
import io.genpipe.jobs.GenerationJob;
import io.genpipe.jobs.JobConf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark contender: the real {@link GenerationJob} on the bench's Parquet prompts, through
 * a fresh temporary output folder per pass, with the prompts repartitioned into one partition per
 * core. Its tokens come from the {@link RunResult}; each pass also records the job's own phase
 * timings (from its run report) and Spark's stage times.
 */
final class SparkContender {
  /**
   * One job run.
   *
   * @param wallSeconds the whole {@code GenerationJob.run} call
   * @param timings the run report's {@code timings} (validate_ms, generate_ms, total_ms)
   * @param stages Spark stages of the run, in submission order
   * @param startedMs epoch milliseconds when {@code run} was called (stage times are epoch too)
   * @param driverCpuSeconds CPU time of the calling (driver) thread during {@code run}
   * @param jvmCpuSeconds CPU time of the whole JVM during {@code run}
   * @param threadCpu CPU seconds of the JVM's threads by name during {@code run}
   * @param codegenCompilations classes Spark's code generator compiled during {@code run}
   */
  record Pass(RunResult result, double wallSeconds, Path out, Map<String, Long> timings,
      List<StageTimes.Stage> stages, long startedMs, double driverCpuSeconds,
      double jvmCpuSeconds, Map<String, Double> threadCpu, long codegenCompilations) {

    /** Task CPU of the stages submitted in the generate phase (after validation). */
    double generateCpuSeconds() {
      long from = startedMs + timings.getOrDefault("validate_ms", 0L);
      return stages.stream().filter(s -> s.submitted() >= from).mapToLong(StageTimes.Stage::cpuMs)
          .sum() / 1e3;
    }

    /** Task CPU of every stage plus the driver thread's CPU. */
    double totalCpuSeconds() {
      return stages.stream().mapToLong(StageTimes.Stage::cpuMs).sum() / 1e3 + driverCpuSeconds;
    }
  }

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private final SparkSession spark;
  private final Path tmp;
  private final StageTimes stageTimes = new StageTimes();
  private final AtomicInteger runs = new AtomicInteger();

  SparkContender(SparkSession spark, Path tmp) {
    this.spark = spark;
    this.tmp = tmp;
    spark.sparkContext().addSparkListener(stageTimes);
  }

  Pass run(Path modelDir, String prompts, BenchSettings s, String params) throws Exception {
    int n = runs.incrementAndGet();
    Path out = tmp.resolve("spark-out-" + n);
    JobConf conf = new JobOptions().layer(options(modelDir, prompts, s, params, out, n),
        "genpipe bench").toJobConf();
    SparkContext sc = spark.sparkContext();
    String group = "genpipe-bench-" + n;
    sc.setJobGroup(group, "genpipe bench pass " + n, false);
    RunResult r;
    long startedMs = System.currentTimeMillis();
    long c0 = Measure.threadCpuNanos();
    long p0 = Measure.processCpuNanos();
    Map<String, Long> threads0 = ThreadCpu.snapshot();
    long compiled0 = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
    long t0 = System.nanoTime();
    try {
      r = new GenerationJob(spark, QUIET).run(conf);
    } finally {
      sc.clearJobGroup();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double driverCpu = (Measure.threadCpuNanos() - c0) / 1e9;
    double jvmCpu = (Measure.processCpuNanos() - p0) / 1e9;
    Map<String, Double> threadCpu = ThreadCpu.since(threads0, ThreadCpu.snapshot());
    long compiled = CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - compiled0;
    List<StageTimes.Stage> stages = stageTimes.stagesOf(sc.statusTracker().getJobIdsForGroup(group),
        5000);
    return new Pass(r, wall, out, timings(r), stages, startedMs, driverCpu, jvmCpu, threadCpu,
        compiled);
  }

  private static Map<String, String> options(Path modelDir, String prompts, BenchSettings s,
      String params, Path out, int n) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, prompts);
    o.put(JobOptions.OUT, out.toString());
    o.put(JobOptions.TEXT_MODEL, modelDir.toString());
    o.put(JobOptions.PARTITIONS, Integer.toString(s.cores()));
    o.put(JobOptions.BATCH_SIZE, Integer.toString(s.batchSize()));
    o.put(JobOptions.SEED, "0");
    o.put(JobOptions.JOB_NAME, "genpipe-bench");
    o.put(JobOptions.RUN_ID, "bench-" + n);
    o.put(JobOptions.PARAMS, params);
    o.put(JobOptions.INTRA_OP_THREADS, Integer.toString(s.intraOpThreads()));
    o.put(JobOptions.PROGRESS_INTERVAL, "3600");
    return o;
  }

  private static Map<String, Long> timings(RunResult r) {
    Map<String, Long> out = new LinkedHashMap<>();
    try {
      JsonNode t = new ObjectMapper().readTree(Path.of(r.report()).toFile()).path("timings");
      for (String key : List.of("validate_ms", "generate_ms", "total_ms")) {
        if (t.has(key)) {
          out.put(key, t.get(key).asLong());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run report " + r.report(), e);
    }
  }

  /** prompt id → generated text of the rows that succeeded in {@code pass}. */
  Map<String, String> texts(Pass pass) {
    Map<String, String> out = new HashMap<>();
    for (Row r : spark.read().parquet(pass.result().manifest()).select("prompt_id", "status", "text")
        .collectAsList()) {
      if ("ok".equals(r.getString(1))) {
        out.put(r.getString(0), r.getString(2));
      }
    }
    return out;
  }

  /** Deletes the output of a pass once it has been read. */
  void delete(Pass pass) {
    TempDirs.deleteTree(pass.out());
  }
}
