package io.genpipe.jobs.bench;

import io.genpipe.jobs.JobOptions;
import io.genpipe.jobs.RunResult;
import io.genpipe.jobs.TextGenerationJob;
import io.genpipe.jobs.TextJobConf;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark contender: the real {@link TextGenerationJob} on the bench's Parquet prompts, through
 * a fresh temporary output folder per pass, with the prompts repartitioned into one partition per
 * core. Its tokens come from the {@link RunResult}.
 */
final class SparkContender {
  /** One job run: its result, the wall time of the whole {@code run} call, its output folder. */
  record Pass(RunResult result, double wallSeconds, Path out) {}

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private final SparkSession spark;
  private final Path tmp;
  private final AtomicInteger runs = new AtomicInteger();

  SparkContender(SparkSession spark, Path tmp) {
    this.spark = spark;
    this.tmp = tmp;
  }

  Pass run(Path modelDir, String prompts, BenchSettings s, String params) {
    int n = runs.incrementAndGet();
    Path out = tmp.resolve("spark-out-" + n);
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
    TextJobConf conf = new JobOptions().layer(o, "genpipe bench").toTextJobConf();
    long t0 = System.nanoTime();
    RunResult r = new TextGenerationJob(spark, QUIET).run(conf);
    return new Pass(r, (System.nanoTime() - t0) / 1e9, out);
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
