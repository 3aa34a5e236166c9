package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import io.genpipe.testing.sd.SdVariant;
import io.genpipe.testing.sd.TinyStableDiffusion;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotent, resumable runs under faults: task failures mid-partition, a driver killed mid-run,
 * and reruns with --resume. Every input id ends up exactly once in the consolidated view, and
 * every ok image row has exactly one media object, which the manifest references (no orphan, no
 * staging leftover).
 */
class ResumeAndFaultsTest {
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path model;
  private static Path imageModel;
  /** Tiny images, few steps: the media checks add little time. */
  private static final String IMAGE_PARAMS = "{\"width\":64,\"height\":64,\"num_inference_steps\":2}";

  @BeforeAll
  static void start() {
    // local[2,4]: two threads, up to four attempts per task (local[2] would allow one).
    spark = SparkSession.builder().master("local[2,4]").appName("resume-faults")
        .config("spark.ui.enabled", "false").getOrCreate();
    model = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD);
    imageModel = TinyStableDiffusion.write(tmp.resolve("tiny-sd"), SdVariant.DIFFUSERS_SCRIPT);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Map<String, String> options(Path prompts, Path out, String runId) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, prompts.toString());
    o.put(JobOptions.OUT, out.toString());
    o.put(JobOptions.TEXT_MODEL, model.toString());
    o.put(JobOptions.RUN_ID, runId);
    o.put(JobOptions.BATCH_SIZE, "2");
    o.put(JobOptions.PARTITIONS, "4");
    o.put(JobOptions.PROGRESS_INTERVAL, "60");
    return o;
  }

  private static Map<String, String> withImages(Map<String, String> o) {
    o.put(JobOptions.IMAGE_MODEL, imageModel.toString());
    o.put(JobOptions.IMAGE_PARAMS, IMAGE_PARAMS);
    return o;
  }

  private static RunResult run(Map<String, String> options) {
    return run(options, new ByteArrayOutputStream());
  }

  private static RunResult run(Map<String, String> options, ByteArrayOutputStream console) {
    JobConf conf = new JobOptions().layer(options, "test").toJobConf();
    return new GenerationJob(spark, new PrintStream(console, true, StandardCharsets.UTF_8)).run(conf);
  }

  private static Dataset<Row> consolidated(Path out) {
    return ManifestViews.latest(spark.read().parquet(out.resolve("manifest").toString()));
  }

  private static void assertExactlyOnce(Path out, int rows) {
    Dataset<Row> view = consolidated(out);
    assertEquals(rows, view.count(), "one row per id");
    assertEquals(rows, view.select("prompt_id").distinct().count(), "ids distinct");
  }

  private static Path prompts(String name, int rows, String badParamsForEvery3rd) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      list.add(row("id", "p-" + i, "task", "text", "prompt", "hello world " + i,
          "params", i % 3 == 2 && badParamsForEvery3rd != null ? badParamsForEvery3rd : "{\"max_new_tokens\":4}"));
    }
    return jsonl(tmp.resolve(name), list);
  }

  /** The run activities of OUT/croissant.json's prov:wasGeneratedBy. */
  private static List<String> cardRuns(Path out) {
    try {
      List<String> ids = new ArrayList<>();
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("croissant.json").toFile())
          .path("prov:wasGeneratedBy").forEach(a -> ids.add(a.path("@id").asText()));
      return ids;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, Object> imageRow(String id) {
    return row("id", id, "task", "image", "prompt", "a red apple " + id, "seed", (long) id.hashCode());
  }

  @Test
  void resumeSkipsOkRowsRetriesErrorsAndThenHasNothingToDo() {
    Path out = tmp.resolve("out-resume");
    RunResult first = run(options(prompts("broken.jsonl", 9, "{\"max_new_tokens\":0}"), out, "first"));
    assertEquals(6, first.ok());
    assertEquals(3, first.errors());

    Path fixed = prompts("fixed.jsonl", 9, null);
    Map<String, String> again = options(fixed, out, "second");
    again.put(JobOptions.RESUME, "true");
    RunResult second = run(again);
    assertEquals(6, second.skipped(), "ok rows are not regenerated");
    assertEquals(3, second.ok(), "the rows that errored are retried");
    assertExactlyOnce(out, 9);
    assertEquals(9, consolidated(out).where(col("status").equalTo("ok")).count());
    assertTrue(Files.isDirectory(out.resolve("manifest/run_id=first")));
    assertTrue(Files.isDirectory(out.resolve("manifest/run_id=second")));
    assertEquals(List.of("urn:genpipe:run:first", "urn:genpipe:run:second"), cardRuns(out),
        "the card names both runs whose rows are in the consolidated view");

    Map<String, String> third = options(fixed, out, "third");
    third.put(JobOptions.RESUME, "true");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    RunResult nothing = run(third, console);
    assertTrue(console.toString(StandardCharsets.UTF_8).contains(
        "nothing to do: every prompt already has an ok output in " + out), console.toString(StandardCharsets.UTF_8));
    assertEquals(9, nothing.skipped());
    assertEquals(0, nothing.ok() + nothing.errors());
    assertFalse(Files.exists(out.resolve("manifest/run_id=third")), "no generation, no partition");
    assertTrue(Files.isRegularFile(out.resolve("runs/third.json")));
    assertEquals(List.of("urn:genpipe:run:first", "urn:genpipe:run:second"), cardRuns(out),
        "a run that generated nothing owns no row of the view");
    assertExactlyOnce(out, 9);
  }

  @Test
  void tasksFailingMidPartitionAreRetriedWithEveryIdOnce() throws Exception {
    Path out = tmp.resolve("out-faults");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      rows.add(row("id", "p-" + i, "task", "text", "prompt", "hello world " + i, "params",
          "{\"max_new_tokens\":4}"));
    }
    for (int i = 0; i < 8; i++) {
      rows.add(imageRow("img-" + i));
    }
    Map<String, String> o = withImages(options(jsonl(tmp.resolve("faults.jsonl"), rows), out, "faulty"));
    o.put(JobOptions.FAIL_FIRST_ATTEMPT, "0,2,3");
    RunResult r = run(o);
    assertEquals(24, r.ok());
    Dataset<Row> manifest = spark.read().parquet(out.resolve("manifest").toString());
    assertEquals(24, manifest.count(), "no duplicate rows from failed attempts");
    assertExactlyOnce(out, 24);
    MediaAssertions.assertExactlyOnce(spark, out, 8, false);
  }

  @Test
  void driverKilledMidRunThenResumeCompletesExactlyOnce() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      rows.add(row("id", "k-" + i, "task", "text", "prompt", "the cat " + i,
          "params", "{\"max_new_tokens\":30,\"eos_token_id\":[]}"));
      if (i % 20 == 0) {
        rows.add(imageRow("k-img-" + i));
      }
    }
    Path prompts = jsonl(tmp.resolve("kill.jsonl"), rows);
    Path out = tmp.resolve("out-killed");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(Arrays.asList(System.getProperty("genpipe.test.java.opens", "").trim().split("\\s+")));
    cmd.addAll(List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        "io.genpipe.jobs.cli.GenpipeCli", "run", "--prompts", prompts.toString(), "--out", out.toString(),
        "--text-model", model.toString(), "--image-model", imageModel.toString(),
        "--image-params", IMAGE_PARAMS, "--master", "local[1]", "--batch-size", "1",
        "--partitions", "4", "--run-id", "killed", "--set", "progress-interval=1",
        "--conf", "spark.ui.enabled=false"));
    Process driver = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean sawProgress = false;
    StringBuilder seen = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String line;
      while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("progress:")) {
          sawProgress = true;
          break;
        }
      }
      driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(sawProgress, "the driver was killed while generating; its output:\n" + seen);
    assertFalse(Files.isRegularFile(out.resolve("runs/killed.json")), "the killed run never finished");

    Map<String, String> resume = withImages(options(prompts, out, "resumed"));
    resume.put(JobOptions.RESUME, "true");
    RunResult r = run(resume);
    assertEquals(168, r.skipped() + r.ok(), "every row done, by the killed run's commits or now");
    assertExactlyOnce(out, 168);
    MediaAssertions.assertExactlyOnce(spark, out, 8, true);
  }
}
