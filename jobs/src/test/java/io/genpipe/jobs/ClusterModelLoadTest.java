package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import io.genpipe.testing.sd.SdVariant;
import io.genpipe.testing.sd.TinyStableDiffusion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models on a real multi-executor cluster: Spark's standalone master and two workers started
 * in-process ({@code local-cluster}), each executor its own JVM. Weights travel as many small
 * broadcast chunks, each executor materialises and verifies them once and loads the model once,
 * whatever the number of tasks.
 */
class ClusterModelLoadTest {
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path model;
  private static Path prompts;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().appName("cluster-model-load")
        .master("local-cluster[2,1,1024]")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executor.extraJavaOptions", System.getProperty("genpipe.test.java.opens", "")
            + " -Dai.djl.offline=true")
        .config("spark.executorEnv.DJL_OFFLINE", "true")
        .getOrCreate();
    model = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      rows.add(row("id", "c-" + i, "task", "text", "prompt", "hello world " + i,
          "params", "{\"max_new_tokens\":4}"));
    }
    prompts = jsonl(tmp.resolve("prompts.jsonl"), rows);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static RunResult runJob(String name, Path promptFile, Map<String, String> extra) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, promptFile.toString());
    o.put(JobOptions.OUT, tmp.resolve("out-" + name).toString());
    o.put(JobOptions.TEXT_MODEL, model.toString());
    o.put(JobOptions.PARTITIONS, "16");
    o.put(JobOptions.BATCH_SIZE, "2");
    o.put(JobOptions.RUN_ID, name);
    o.put(JobOptions.MODEL_CACHE_DIR, tmp.resolve("cache").toString());
    o.putAll(extra);
    JobConf conf = new JobOptions().layer(o, "test").toJobConf();
    return new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream())).run(conf);
  }

  private static JsonNode run(String name, Map<String, String> extra) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, prompts.toString());
    o.put(JobOptions.OUT, tmp.resolve("out-" + name).toString());
    o.put(JobOptions.TEXT_MODEL, model.toString());
    o.put(JobOptions.PARTITIONS, "16");
    o.put(JobOptions.BATCH_SIZE, "2");
    o.put(JobOptions.RUN_ID, name);
    o.put(JobOptions.MODEL_CACHE_DIR, tmp.resolve("cache").toString());
    o.putAll(extra);
    JobConf conf = new JobOptions().layer(o, "test").toJobConf();
    RunResult r = new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream())).run(conf);
    assertEquals(32, r.ok(), "all rows ok");
    return new ObjectMapper().readTree(Files.readString(Path.of(r.report())));
  }

  @Test
  void sixteenTasksOnTwoExecutorsLoadTheModelTwiceFromManyChunks() throws Exception {
    JsonNode first = run("broadcast", Map.of(JobOptions.MODEL_CHUNK_SIZE, "8k"));
    JsonNode m = first.path("metrics");
    assertEquals("broadcast", m.path("model_distribution").asText());
    assertEquals(2, m.path("model_loads_on_executors").asLong(), m.toString());
    assertEquals(16, m.path("model_borrows").asLong(), m.toString());
    assertTrue(m.path("model_broadcast_chunks").asInt() > 10, m.toString());
    String sha = first.path("models").get(0).path("sha256").asText();
    assertTrue(Files.isRegularFile(tmp.resolve("cache").resolve(sha).resolve("model.onnx")),
        "materialised into the content-addressed cache");

    // Same executors, same model digest: no new load, whatever the distribution mode.
    JsonNode again = run("shared", Map.of(JobOptions.MODEL_DISTRIBUTION, "shared-storage"));
    assertEquals(0, again.path("metrics").path("model_loads_on_executors").asLong());
    assertEquals(16, again.path("metrics").path("model_cache_hits").asLong());
  }

  @Test
  void killingAnExecutorMidRunLosesAndDuplicatesNothing() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 96; i++) {
      rows.add(row("id", "x-" + i, "task", "text", "prompt", "the cat " + i,
          "params", "{\"max_new_tokens\":40,\"eos_token_id\":[]}"));
    }
    for (int i = 0; i < 8; i++) {
      rows.add(row("id", "x-img-" + i, "task", "image", "prompt", "a red apple " + i, "seed", (long) i));
    }
    Path slow = jsonl(tmp.resolve("slow.jsonl"), rows);
    // Its own model (another seed, another digest), so that the load counts of other tests hold.
    Path ownModel = TinyDecoderModels.write(tmp.resolve("tiny-lm-2"), DecoderVariant.STANDARD, 99);
    Path imageModel = TinyStableDiffusion.write(tmp.resolve("tiny-sd"), SdVariant.DIFFUSERS_SCRIPT);
    java.util.concurrent.CompletableFuture<RunResult> job = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> runJob("executor-loss", slow, Map.of(JobOptions.BATCH_SIZE, "1",
            JobOptions.TEXT_MODEL, ownModel.toString(), JobOptions.IMAGE_MODEL, imageModel.toString(),
            JobOptions.IMAGE_PARAMS, "{\"width\":64,\"height\":64,\"num_inference_steps\":2}")));
    ProcessHandle victim = awaitRunningTasksThenPickExecutor();
    assertTrue(victim.destroyForcibly(), "kill -9 of executor " + victim.pid());
    RunResult r = job.get(5, java.util.concurrent.TimeUnit.MINUTES);
    assertEquals(104, r.ok(), "every row generated once the lost tasks ran again");
    Path out = tmp.resolve("out-executor-loss");
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> manifest =
        spark.read().parquet(out.resolve("manifest").toString());
    assertEquals(104, manifest.count(), "no duplicate rows");
    assertEquals(104, manifest.select("prompt_id").distinct().count());
    MediaAssertions.assertExactlyOnce(spark, out, 8, true);
  }

  /** Waits until the generation stage has finished at least one task, then picks an executor JVM. */
  private static ProcessHandle awaitRunningTasksThenPickExecutor() throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      var tracker = spark.sparkContext().statusTracker();
      for (int stage : tracker.getActiveStageIds()) {
        var info = tracker.getStageInfo(stage);
        if (info.isDefined() && info.get().numTasks() == 16 && info.get().numCompletedTasks() >= 1
            && info.get().numActiveTasks() >= 1) {
          // local-cluster workers run in this JVM; their executors are its only java children.
          return ProcessHandle.current().descendants()
              .filter(p -> p.info().command().orElse("").endsWith("/java"))
              .findFirst().orElseThrow(() -> new AssertionError("no executor process found among "
                  + ProcessHandle.current().descendants().map(p -> p.pid() + " " + p.info().command())
                      .toList()));
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the generation stage never got going");
  }
}
