package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.ExternalData;
import io.genpipe.testing.TinyDecoderModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose weights live in an ONNX external-data file (as exports above 2 GB do) travels as
 * broadcast chunks much smaller than that file, is rebuilt and verified on the executor, opened by
 * path, and generates exactly what the inline model generates.
 */
class ExternalDataModelTest {
  @TempDir static Path tmp;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("external-data")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Map<String, String> run(Path model, Path prompts, String name, Map<String, String> extra)
      throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, prompts.toString());
    o.put(JobOptions.OUT, tmp.resolve("out-" + name).toString());
    o.put(JobOptions.TEXT_MODEL, model.toString());
    o.put(JobOptions.RUN_ID, name);
    o.put(JobOptions.MODEL_CACHE_DIR, tmp.resolve("cache-" + name).toString());
    o.putAll(extra);
    RunResult r = new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream()))
        .run(new JobOptions().layer(o, "test").toJobConf());
    Map<String, String> texts = new TreeMap<>();
    for (Row row : spark.read().parquet(r.manifest()).collectAsList()) {
      assertEquals("ok", row.getAs("status"), String.valueOf((Object) row.getAs("error_message")));
      texts.put(row.getAs("prompt_id"), row.getAs("text"));
    }
    JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(r.report())));
    texts.put("_chunks", report.path("metrics").path("model_broadcast_chunks").asText());
    return texts;
  }

  @Test
  void externalDataModelSpanningManyChunksGeneratesLikeTheInlineModel() throws Exception {
    Path inline = TinyDecoderModels.write(tmp.resolve("inline"), DecoderVariant.STANDARD);
    Path external = TinyDecoderModels.write(tmp.resolve("external"), DecoderVariant.STANDARD);
    Path data = ExternalData.externalise(external.resolve("model.onnx"));
    assertTrue(Files.size(data) > 40_000, "weights moved out: " + Files.size(data));
    assertTrue(Files.size(external.resolve("model.onnx")) < Files.size(data));
    Path prompts = jsonl(tmp.resolve("p.jsonl"), List.of(
        row("id", "a", "task", "text", "prompt", "hello world", "params", "{\"max_new_tokens\":8}"),
        row("id", "b", "task", "text", "prompt", "the cat", "params", "{\"max_new_tokens\":8}")));
    Map<String, String> expected = run(inline, prompts, "inline", Map.of());
    Map<String, String> actual = run(external, prompts, "external", Map.of(
        JobOptions.MODEL_DISTRIBUTION, "broadcast", JobOptions.MODEL_CHUNK_SIZE, "4k"));
    assertTrue(Integer.parseInt(actual.remove("_chunks")) > 10, "the data file spans many chunks");
    expected.remove("_chunks");
    assertEquals(expected, actual);
  }
}
