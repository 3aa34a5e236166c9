package io.genpipe.storage;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.genpipe.jobs.GenerationJob;
import io.genpipe.jobs.JobOptions;
import io.genpipe.jobs.ManifestViews;
import io.genpipe.jobs.RunResult;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 outages against a real S3 API: an in-process S3Proxy over an on-disk store, stopped and
 * started again on the same endpoint while the job runs, or before it starts. S3A runs with a
 * modest retry policy. Either S3A retries through the outage and the run succeeds, or the run fails
 * cleanly (nothing partial visible) and {@code --resume} completes it; either way every input id
 * ends up exactly once, all ok.
 */
class S3OutageTest {
  private static final String BUCKET = "outage-it";
  /**
   * The manifest write's stages are named after its call site; the generation stage is the one
   * with a task per partition (the other reads the prompts for the repartition shuffle).
   */
  private static final String GENERATION_STAGE = "parquet at GenerationJob";
  private static final int PARTITIONS = 4;
  private static final long OUTAGE_MS = 3_000;
  private static final int ROWS = 200;
  private static final int TOKENS = 20;
  @TempDir static Path tmp;
  private static RestartableS3Proxy s3;
  private static SparkSession spark;
  private static Path model;
  private static final Tasks tasks = new Tasks();

  @BeforeAll
  static void start() throws Exception {
    s3 = RestartableS3Proxy.start(BUCKET, tmp.resolve("blobs"));
    model = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD);
    // local[2]: one attempt per task, so an S3 failure that S3A does not retry away fails the job.
    SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("s3-outage")
        .config("spark.ui.enabled", "false");
    TextJobS3aTest.MAGIC_COMMITTER.forEach(b::config);
    s3.s3a().forEach((k, v) -> b.config("spark.hadoop." + k, v));
    spark = b.getOrCreate();
    spark.sparkContext().addSparkListener(tasks);
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /**
   * S3 stopped for 3 s once generation runs, then restarted: shorter than S3A keeps retrying one
   * request with these settings (about 7 s, see the other cases), so S3A is expected to retry
   * through it (outcome a); a failed run (outcome b) is accepted too, if it fails cleanly and
   * --resume completes it.
   */
  @Test
  void s3StoppedBrieflyMidGenerationLosesAndDuplicatesNothing() throws Exception {
    Outage o = outage("brief", false);
    if (o.failure() == null) {
      System.out.println("S3OutageTest: brief outage: outcome (a): S3A retried through it; the run "
          + "succeeded");
      assertEquals(o.ids().size(), o.result().ok(), o.console());
      assertEquals(0, o.result().errors());
      assertEveryIdOnce(spark.read().parquet(o.out() + "/manifest"), o.ids(),
          "manifest of a run that rode out the outage");
      assertNoMagicLeft(o);
    } else {
      System.out.println("S3OutageTest: brief outage: outcome (b): the run failed: "
          + chain(o.failure()));
      assertCleanFailureThenResumeCompletes(o);
    }
  }

  /**
   * S3 kept down past S3A's retries, until a generation task has failed (one attempt per task in
   * {@code local[2]}, so the run is then failing): it fails cleanly, and --resume completes it.
   */
  @Test
  void s3DownMidGenerationUntilTheRunFailsThenResumeCompletesIt() throws Exception {
    Outage o = outage("long", true);
    assertNotNull(o.failure(), "with S3 down the run cannot succeed");
    System.out.println("S3OutageTest: outage until failure: the run failed: " + chain(o.failure()));
    assertCleanFailureThenResumeCompletes(o);
  }

  private record Outage(String dir, String prompts, String out, List<String> ids, RunResult result,
      Throwable failure, String console) {}

  /**
   * Runs the job over 200 prompts in {@code dir}/ in the background; once a generation task has
   * started, stops S3Proxy for {@link #OUTAGE_MS} (or, with {@code untilFailure}, until a
   * generation task has failed), restarts it on the same port over the same store, and waits for
   * the job.
   */
  private static Outage outage(String dir, boolean untilFailure) throws Exception {
    List<String> ids = ids(dir.substring(0, 1), ROWS);
    String prompts = s3.uri(dir + "/prompts.jsonl");
    String out = s3.uri(dir + "/out");
    writePrompts(prompts, ids);
    tasks.clear();

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    AtomicReference<RunResult> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread job = new Thread(() -> {
      try {
        result.set(run(options(prompts, out, dir + "-1", TOKENS), console));
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "genpipe-job-under-outage");
    long jobStart = System.currentTimeMillis();
    long down;
    long up;
    long retriesBefore;
    long retriesAfter;
    try (S3aRetryCounter retries = new S3aRetryCounter()) {
      job.start();
      awaitGeneration(job, failure, 120_000);
      retriesBefore = retries.retries();
      down = System.currentTimeMillis();
      s3.stop();
      if (untilFailure) {
        assertTrue(tasks.generationFailed.await(120, TimeUnit.SECONDS),
            "no generation task failed with S3 down for 2 minutes");
      } else {
        Thread.sleep(OUTAGE_MS);
      }
      s3.restart();
      up = System.currentTimeMillis();
      job.join(180_000);
      assertFalse(job.isAlive(), "the job neither finished nor failed within 3 minutes");
      retriesAfter = retries.retries();
    } finally {
      if (!s3.running()) {
        s3.restart();
      }
    }
    long jobEnd = System.currentTimeMillis();
    spark.sparkContext().listenerBus().waitUntilEmpty();

    List<TaskTime> gen = tasks.generation();
    System.out.printf("S3OutageTest: %s: S3Proxy down %d ms, from +%d ms into the job (+%d ms after "
        + "the first generation task started); %d generation tasks ended, %d of them failed; S3A "
        + "retried %d requests from the stop on (%d before); the job took %d ms%n",
        dir, up - down, down - jobStart,
        down - gen.stream().mapToLong(TaskTime::launch).min().orElse(down), gen.size(),
        gen.stream().filter(t -> !t.ok()).count(), retriesAfter - retriesBefore, retriesBefore,
        jobEnd - jobStart);
    for (TaskTime t : gen) {
      System.out.printf("S3OutageTest:   generation task: %+d .. %+d ms from the stop, %s%n",
          t.launch() - down, t.finish() - down, t.ok() ? "ok" : t.reason());
    }
    return new Outage(dir, prompts, out, ids, result.get(), failure.get(),
        console.toString(StandardCharsets.UTF_8));
  }

  /**
   * A failed run left nothing partial: the magic committer makes manifest files visible only at
   * job commit, so a reader sees no data files, or only whole committed ones (distinct ids, ok).
   * Then {@code --resume} with a new run id completes it: every id exactly once, all ok.
   */
  private static void assertCleanFailureThenResumeCompletes(Outage o) {
    List<String> visible = visibleFiles(o.dir() + "/out/manifest/");
    System.out.println("S3OutageTest: visible manifest files after the failure: " + visible);
    if (!visible.isEmpty()) {
      List<Row> committed = spark.read().parquet(o.out() + "/manifest")
          .select("prompt_id", "status").collectAsList();
      List<String> committedIds = committed.stream().map(x -> x.getString(0)).toList();
      assertEquals(committedIds.size(), new TreeSet<>(committedIds).size(),
          "committed rows have distinct ids");
      assertTrue(committed.stream().allMatch(x -> "ok".equals(x.getString(1))), committed.toString());
      assertTrue(o.ids().containsAll(committedIds));
    }

    Map<String, String> resume = options(o.prompts(), o.out(), o.dir() + "-resume", TOKENS);
    resume.put(JobOptions.RESUME, "true");
    RunResult r = run(resume, new ByteArrayOutputStream());
    System.out.printf("S3OutageTest: --resume: %d skipped, %d generated ok, %d errors%n",
        r.skipped(), r.ok(), r.errors());
    assertEquals(o.ids().size(), r.skipped() + r.ok(), "resume generates exactly what is missing");
    assertEquals(0, r.errors());
    Dataset<Row> manifest = spark.read().parquet(o.out() + "/manifest");
    assertEveryIdOnce(ManifestViews.latest(manifest), o.ids(), "consolidated view after --resume");
    assertEveryIdOnce(manifest, o.ids(), "manifest after --resume (no id in two runs)");
    assertNoMagicLeft(o);
  }

  private static void assertNoMagicLeft(Outage o) {
    List<String> magic = s3.objects(o.dir() + "/out/").stream().map(S3Object::key)
        .filter(k -> k.contains("__magic")).toList();
    assertEquals(List.of(), magic, "the committer cleaned up its __magic paths");
  }

  /**
   * S3 down before the job starts: the driver's output check fails after S3A's retries, naming
   * the s3a:// prefix, before any Spark job; after the restart the same job runs to completion.
   */
  @Test
  void s3DownBeforeTheJobStartsFailsOnTheDriverAndRunsAfterRestart() throws Exception {
    List<String> ids = ids("d", 12);
    String prompts = s3.uri("down/prompts.jsonl");
    String out = s3.uri("down/out");
    writePrompts(prompts, ids);
    tasks.clear();

    s3.stop();
    Throwable e;
    long t0 = System.nanoTime();
    long retried;
    try (S3aRetryCounter retries = new S3aRetryCounter()) {
      e = assertThrows(RuntimeException.class,
          () -> run(options(prompts, out, "down-1", 4), new ByteArrayOutputStream()));
      retried = retries.retries();
    } finally {
      s3.restart();
    }
    long failedMs = (System.nanoTime() - t0) / 1_000_000;
    spark.sparkContext().listenerBus().waitUntilEmpty();
    System.out.println("S3OutageTest: with S3 down the job failed after " + failedMs + " ms and "
        + retried + " S3A retries: " + chain(e));
    assertTrue(e.getMessage().contains(out), "the message names the output prefix: " + e.getMessage());
    assertEquals(0, tasks.jobsStarted(), "failed on the driver before any Spark job");
    assertEquals(List.of(), tasks.generation(), "no generation task ran");
    assertEquals(List.of(), s3.objects("down/out").stream().map(S3Object::key).toList(),
        "nothing written under the output prefix");

    RunResult r = run(options(prompts, out, "down-2", 4), new ByteArrayOutputStream());
    assertEquals(ids.size(), r.ok());
    assertEquals(0, r.errors());
    assertEveryIdOnce(spark.read().parquet(out + "/manifest"), ids, "manifest after the restart");
  }

  // ---------------------------------------------------------------------------------------------

  private static Map<String, String> options(String prompts, String out, String runId, int tokens) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, prompts);
    o.put(JobOptions.OUT, out);
    o.put(JobOptions.TEXT_MODEL, model.toString());
    o.put(JobOptions.RUN_ID, runId);
    o.put(JobOptions.BATCH_SIZE, "1");
    o.put(JobOptions.PARTITIONS, Integer.toString(PARTITIONS));
    o.put(JobOptions.PARAMS, "{\"max_new_tokens\":" + tokens + "}");
    o.put(JobOptions.PROGRESS_INTERVAL, "60");
    return o;
  }

  private static RunResult run(Map<String, String> options, ByteArrayOutputStream console) {
    PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
    return new GenerationJob(spark, ps).run(new JobOptions().layer(options, "test").toJobConf());
  }

  private static List<String> ids(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("%s%03d", prefix, i)).toList();
  }

  private static void writePrompts(String uri, List<String> ids) throws Exception {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    FileSystem fs = path.getFileSystem(s3.configuration());
    try (OutputStream out = fs.create(path, true)) {
      for (String id : ids) {
        out.write(("{\"id\":\"" + id + "\",\"task\":\"text\",\"prompt\":\"the cat sat " + id
            + "\"}\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    fs.close();
  }

  /**
   * Waits until a task of the generation stage has started (seen by this test's listener, which
   * hears it before the status tracker does); fails if the job ends first.
   */
  private static void awaitGeneration(Thread job, AtomicReference<Throwable> failure, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (tasks.generationStarted.await(20, TimeUnit.MILLISECONDS)) {
        return;
      }
      if (!job.isAlive()) {
        fail("the job ended before generation was seen running", failure.get());
      }
    }
    fail("generation did not start within " + timeoutMs + " ms");
  }

  /** Data files a reader of the manifest would see: no segment starting with '_' or '.'. */
  private static List<String> visibleFiles(String prefix) {
    List<String> out = new ArrayList<>();
    for (S3Object o : s3.objects(prefix)) {
      String rest = o.key().substring(prefix.length());
      boolean hidden = false;
      for (String seg : rest.split("/")) {
        hidden |= seg.startsWith("_") || seg.startsWith(".");
      }
      if (!hidden && !o.key().endsWith("/")) {
        out.add(o.key());
      }
    }
    return out;
  }

  private static void assertEveryIdOnce(Dataset<Row> manifest, List<String> ids, String what) {
    Map<String, Long> perId = new HashMap<>();
    for (Row r : manifest.groupBy("prompt_id").count().collectAsList()) {
      perId.put(r.getString(0), r.getLong(1));
    }
    assertEquals(new TreeSet<>(ids), new TreeSet<>(perId.keySet()), what + ": the ids");
    assertTrue(perId.values().stream().allMatch(n -> n == 1), what + ": every id once: " + perId);
    List<Row> notOk = manifest.where(col("status").notEqual("ok")).collectAsList();
    assertEquals(List.of(), notOk, what + ": all ok");
  }

  private static boolean isGeneration(String stageName, int numTasks) {
    return stageName.startsWith(GENERATION_STAGE) && numTasks == PARTITIONS;
  }

  private static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      sb.append(sb.length() == 0 ? "" : " <- ").append(c.getClass().getSimpleName()).append(": ")
          .append(m.length() > 300 ? m.substring(0, 300) + "…" : m);
    }
    return sb.toString();
  }

  record TaskTime(int stage, long launch, long finish, boolean ok, String reason) {}

  /**
   * Records the generation stage's task times, whether one has started or failed, and the number
   * of Spark jobs started.
   */
  static final class Tasks extends SparkListener {
    private final Set<Integer> generationStages = ConcurrentHashMap.newKeySet();
    private final List<TaskTime> ended = new CopyOnWriteArrayList<>();
    private volatile int jobs;
    private volatile CountDownLatch generationStarted = new CountDownLatch(1);
    private volatile CountDownLatch generationFailed = new CountDownLatch(1);

    void clear() {
      ended.clear();
      jobs = 0;
      generationStarted = new CountDownLatch(1);
      generationFailed = new CountDownLatch(1);
    }

    int jobsStarted() {
      return jobs;
    }

    List<TaskTime> generation() {
      return ended.stream().filter(t -> generationStages.contains(t.stage())).toList();
    }

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      jobs++;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
      if (isGeneration(e.stageInfo().name(), e.stageInfo().numTasks())) {
        generationStages.add(e.stageInfo().stageId());
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
      if (generationStages.contains(e.stageId())) {
        generationStarted.countDown();
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      String reason = e.reason().toString().lines().findFirst().orElse("");
      ended.add(new TaskTime(e.stageId(), e.taskInfo().launchTime(), e.taskInfo().finishTime(),
          e.taskInfo().successful(), reason.length() > 200 ? reason.substring(0, 200) + "…" : reason));
      if (generationStages.contains(e.stageId()) && !e.taskInfo().successful()) {
        generationFailed.countDown();
      }
    }
  }
}
