package io.genpipe.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.jobs.Secrets;
import io.genpipe.jobs.cli.GenpipeCli;
import io.genpipe.testing.ConsoleCapture;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The text job end to end on s3a:// (prompts in, manifest and run report out) through S3A's magic
 * committer, against an in-process S3Proxy; fake credentials never reach an object or the console.
 */
class TextJobS3aTest {
  private static final String BUCKET = "genpipe-it";
  private static final List<String> IDS =
      IntStream.range(0, 10).mapToObj(i -> String.format("p%02d", i)).toList();
  /** The committer settings documented in docs/deploy.md. */
  static final Map<String, String> MAGIC_COMMITTER = Map.of(
      "spark.hadoop.fs.s3a.committer.name", "magic",
      "spark.sql.sources.commitProtocolClass",
      "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
      "spark.sql.parquet.output.committer.class",
      "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");
  @TempDir static Path tmp;
  private static S3ProxyServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(BUCKET);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void everyIdOnceInAManifestCommittedByTheMagicCommitterAndNoSecretAnywhere() throws Exception {
    Path model = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD);
    writePrompts(s3.uri("prompts.jsonl"));

    ConsoleCapture o = cli(args(model));
    assertEquals(0, o.exit(), o.out() + o.err());
    assertTrue(o.out().contains("10 rows (10 ok, 0 error)"), o.out());

    Map<String, Long> perId = manifestCounts(s3.uri("out/manifest"));
    assertEquals(new TreeSet<>(IDS), perId.keySet());
    assertTrue(perId.values().stream().allMatch(n -> n == 1), "every id exactly once: " + perId);

    Set<String> keys = s3.objects("").stream().map(S3Object::key).collect(Collectors.toSet());
    assertTrue(keys.contains("out/runs/s3-run.json"), keys.toString());
    String report = new String(s3.read("out/runs/s3-run.json"), StandardCharsets.UTF_8);
    assertTrue(report.contains(Secrets.REDACTED), report);
    String success = new String(s3.read("out/manifest/run_id=s3-run/_SUCCESS"), StandardCharsets.UTF_8);
    assertTrue(success.contains("\"committer\"") && success.contains("magic"),
        "S3A's committer writes a JSON _SUCCESS naming itself: " + success);
    assertFalse(keys.stream().anyMatch(k -> k.contains("__magic")), "no magic paths left: " + keys);

    for (String key : keys) {
      String content = new String(s3.read(key), StandardCharsets.ISO_8859_1);
      assertFalse(content.contains(S3ProxyServer.SECRET_KEY), "secret key in s3://" + BUCKET + "/" + key);
      assertFalse(content.contains(S3ProxyServer.ACCESS_KEY), "access key in s3://" + BUCKET + "/" + key);
    }
    assertFalse((o.out() + o.err()).contains(S3ProxyServer.SECRET_KEY), "console leaks the secret");
  }

  private static String[] args(Path model) {
    List<String> a = new ArrayList<>(List.of("run", "--prompts", s3.uri("prompts.jsonl"),
        "--out", s3.uri("out"), "--text-model", model.toString(), "--master", "local[2]",
        "--partitions", "2", "--batch-size", "4", "--run-id", "s3-run",
        "--params", "{\"max_new_tokens\":4}", "--conf", "spark.ui.enabled=false"));
    sparkConf().forEach((k, v) -> a.addAll(List.of("--conf", k + "=" + v)));
    return a.toArray(String[]::new);
  }

  private static Map<String, String> sparkConf() {
    Map<String, String> c = new LinkedHashMap<>(MAGIC_COMMITTER);
    s3.s3a().forEach((k, v) -> c.put("spark.hadoop." + k, v));
    return c;
  }

  private static void writePrompts(String uri) throws Exception {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    FileSystem fs = path.getFileSystem(s3.configuration());
    try (OutputStream out = fs.create(path, true)) {
      for (String id : IDS) {
        out.write(("{\"id\":\"" + id + "\",\"task\":\"text\",\"prompt\":\"the cat " + id + "\"}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    fs.close();
  }

  private static Map<String, Long> manifestCounts(String manifest) {
    SparkSession.Builder b = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false");
    sparkConf().forEach(b::config);
    SparkSession spark = b.getOrCreate();
    try {
      Map<String, Long> counts = new HashMap<>();
      for (Row r : spark.read().parquet(manifest).groupBy("prompt_id").count().collectAsList()) {
        counts.put(r.getString(0), r.getLong(1));
      }
      return counts;
    } finally {
      spark.stop();
    }
  }

  private static ConsoleCapture cli(String... args) {
    return ConsoleCapture.run(GenpipeCli::execute, args);
  }
}
