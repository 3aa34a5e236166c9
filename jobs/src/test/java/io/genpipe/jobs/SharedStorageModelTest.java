package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelResolver;
import io.genpipe.model.spark.Distribution;
import io.genpipe.model.spark.DistributedModel;
import io.genpipe.model.spark.ModelDistributor;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-storage distribution for real: tasks copy the model's files from its URI (through
 * Hadoop's filesystem) into a fresh executor cache, verify each file and publish the folder; a file
 * that changed on the shared storage is refused, naming it, and no cache entry is left.
 */
class SharedStorageModelTest {
  @TempDir static Path tmp;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().appName("shared-storage").master("local[2]")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void tasksFetchVerifyAndPublishTheModelIntoAFreshCache() throws Exception {
    // Its own seed: a digest no other test of this JVM has loaded.
    Path model = TinyDecoderModels.write(tmp.resolve("shared-lm"), DecoderVariant.STANDARD, 4242);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rows.add(row("id", "s-" + i, "task", "text", "prompt", "hello " + i,
          "params", "{\"max_new_tokens\":3}"));
    }
    Path cache = tmp.resolve("fresh-cache");
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, jsonl(tmp.resolve("p.jsonl"), rows).toString());
    o.put(JobOptions.OUT, tmp.resolve("out").toString());
    o.put(JobOptions.TEXT_MODEL, model.toUri().toString());
    o.put(JobOptions.PARTITIONS, "4");
    o.put(JobOptions.RUN_ID, "shared");
    o.put(JobOptions.MODEL_DISTRIBUTION, "shared-storage");
    o.put(JobOptions.MODEL_CACHE_DIR, cache.toString());
    RunResult r = new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream()))
        .run(new JobOptions().layer(o, "test").toJobConf());
    assertEquals(8, r.ok());

    JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(r.report())));
    assertEquals("shared-storage", report.path("metrics").path("model_distribution").asText());
    assertEquals(1, report.path("metrics").path("model_loads_on_executors").asLong(),
        report.path("metrics").toString());
    ModelDescriptor d = ModelResolver.resolve(model);
    assertEquals(d.totalBytes(), report.path("metrics").path("model_bytes_fetched").asLong(),
        "one fetch of the whole model");
    Path entry = cache.resolve(d.sha256());
    assertEquals(d.sha256(), Files.readString(entry.resolve(".genpipe-complete")),
        "published after verification");
    for (var f : d.files()) {
      assertEquals(f.size(), Files.size(entry.resolve(f.path())), f.path());
    }
  }

  @Test
  void localPathRunReportsTheDriversLoadThatItsTasksShare() throws Exception {
    Path model = TinyDecoderModels.write(tmp.resolve("local-lm"), DecoderVariant.STANDARD, 4444);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(row("id", "l-" + i, "task", "text", "prompt", "hi " + i,
          "params", "{\"max_new_tokens\":2}"));
    }
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, jsonl(tmp.resolve("l.jsonl"), rows).toString());
    o.put(JobOptions.OUT, tmp.resolve("out-local").toString());
    o.put(JobOptions.TEXT_MODEL, model.toString());
    o.put(JobOptions.PARTITIONS, "2");
    o.put(JobOptions.RUN_ID, "local");
    RunResult r = new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream()))
        .run(new JobOptions().layer(o, "test").toJobConf());
    assertEquals(4, r.ok());
    JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(r.report())));
    JsonNode m = report.path("metrics");
    assertEquals("local-path", m.path("model_distribution").asText());
    assertEquals(1, m.path("model_loads").asLong(), m.toString());
    assertEquals(1, m.path("model_loads_on_driver").asLong(), m.toString());
    assertEquals(0, m.path("model_loads_on_executors").asLong(), m.toString());
    assertTrue(m.path("model_load_ms").asLong() > 0, m.toString());
    assertEquals(m.path("model_borrows").asLong(), m.path("model_cache_hits").asLong(), m.toString());
    assertEquals(0, m.path("model_bytes_fetched").asLong(), "opened in place: " + m);
    JsonNode policy = report.path("models").get(0).path("policy");
    assertEquals("allowed", policy.path("decision").asText(), policy.toString());
    assertTrue(policy.has("attribution_text") && policy.has("use_restrictions_ref")
        && !policy.has("attributionText"), "snake_case like the manifest: " + policy);
  }

  @Test
  void aFileChangedOnSharedStorageIsRefusedNamingIt() throws Exception {
    Path model = TinyDecoderModels.write(tmp.resolve("changing-lm"), DecoderVariant.STANDARD, 4343);
    ModelDescriptor d = ModelResolver.resolve(model);
    DistributedModel dm = ModelDistributor.distribute(
        JavaSparkContext.fromSparkContext(spark.sparkContext()), d, model,
        model.toUri().toString(), Distribution.SHARED_STORAGE, 1 << 20);
    // Same size, other content: only the sha256 check can tell.
    Path onnx = model.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[bytes.length - 1] ^= 0x5a;
    Files.write(onnx, bytes);

    String cache = tmp.resolve("cache-2").toString();
    SparkException e = assertThrows(SparkException.class, () ->
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1)
            .map(i -> dm.localFolder(Path.of(cache)).toString()).collect());
    assertTrue(e.getMessage().contains("file model.onnx failed verification"), e.getMessage());
    assertFalse(Files.exists(Path.of(cache).resolve(d.sha256())), "no cache entry kept");
  }
}
