package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.jobs.cli.GenpipeCli;
import io.genpipe.testing.ConsoleCapture;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text job through the CLI entry point on local[2]: good and bad rows in one dataset, every id
 * exactly once in the manifest, job-level misconfiguration refused before generation, secrets kept
 * out of every output.
 */
class TextJobCliTest {
  private static final String SECRET = "SUPERSECRET-9f3a7c";
  /** Fake secrets in the settings a real deployment would carry them in, each value distinct. */
  private static final Map<String, String> SECRETS = Map.of(
      "spark.hadoop.fs.s3a.secret.key", SECRET,
      "spark.hadoop.fs.s3a.access.key", "AKIAFAKEACCESS00017",
      "spark.hadoop.fs.s3a.session.token", "FAKE-SESSION-TOKEN-5b1e",
      "spark.hadoop.fs.s3a.aws.credentials.provider", "org.example.FakeCredentialsProvider4711",
      "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net", "RkFLRS1BWlVSRS1LRVk9PQ-c0ffee",
      "spark.hadoop.javax.jdo.option.ConnectionPassword", "FAKE-PASSWORD-31337",
      "spark.hadoop.fs.azure.sas.fixed.token", "sv=2024-01-01&sig=FAKESASSIG8d2a");
  @TempDir static Path tmp;
  private static Path model;

  @BeforeAll
  static void fixture() {
    model = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD);
  }

  private static ConsoleCapture cli(String... args) {
    return ConsoleCapture.run(GenpipeCli::execute, args);
  }

  private static String[] run(Path prompts, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("run", "--prompts", prompts.toString(), "--out",
        out.toString(), "--text-model", model.toString(), "--master", "local[2]", "--partitions", "2",
        "--batch-size", "3", "--conf", "spark.ui.enabled=false"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void everyRowLandsOnceWithItsErrorNamedAndNoSecretAnywhere() throws IOException {
    String longPrompt = "the cat sat on the mat ".repeat(100);
    Path prompts = jsonl(tmp.resolve("mixed.jsonl"), List.of(
        row("id", "ok-1", "task", "text", "prompt", "hello world", "params", "{\"max_new_tokens\":5}", "topic", "a"),
        row("id", "ok-2", "task", "text", "prompt", "the cat", "seed", 7,
            "params", "{\"do_sample\":true,\"temperature\":0.7,\"top_p\":0.9,\"max_new_tokens\":6}", "topic", "b"),
        row("id", "null-prompt", "task", "text", "prompt", null, "topic", "c"),
        row("id", "empty-prompt", "task", "text", "prompt", "", "topic", "d"),
        row("id", "params-not-json", "task", "text", "prompt", "hi", "params", "{max_new_tokens: 3", "topic", "e"),
        row("id", "unknown-param", "task", "text", "prompt", "hi", "params", "{\"beam_width\":3}", "topic", "f"),
        row("id", "bad-temperature", "task", "text", "prompt", "hi", "params", "{\"do_sample\":true,\"temperature\":-1}", "topic", "g"),
        row("id", "unknown-task", "task", "video", "prompt", "hi", "topic", "h"),
        row("id", "unknown-model", "task", "text", "prompt", "hi", "model", "nope", "topic", "i"),
        row("id", "too-long", "task", "text", "prompt", longPrompt, "topic", "j")));
    Path out = tmp.resolve("out-mixed");
    List<String> args = new ArrayList<>(List.of("--run-id", "mixed-run"));
    SECRETS.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    ConsoleCapture o = cli(run(prompts, out, args.toArray(String[]::new)));
    assertEquals(3, o.exit(), "exit 3 = finished with error rows\n" + o.out() + o.err());
    assertTrue(o.out().contains("10 rows (2 ok, 8 error)"), o.out());

    Map<String, Row> byId = manifest(out);
    assertEquals(10, byId.size());
    assertEquals("ok", byId.get("ok-1").getAs("status"));
    assertEquals(5, (int) byId.get("ok-1").<Integer>getAs("tokens_out"));
    assertEquals("max_new_tokens", byId.get("ok-1").getAs("finish_reason"));
    assertNotNull(byId.get("ok-2").getAs("text"));
    assertEquals(7L, (long) byId.get("ok-2").<Long>getAs("seed"));
    assertEquals("b", byId.get("ok-2").getAs("topic"));
    assertEquals("Apache-2.0", byId.get("ok-1").getAs("model_license"));
    assertEquals("allowed", byId.get("ok-1").getAs("policy_decision"));
    assertEquals("cpu", byId.get("ok-1").getAs("execution_provider"));
    assertEquals(64, byId.get("ok-1").<String>getAs("output_id").length());
    assertError(byId, "null-prompt", "empty_prompt", "prompt is null");
    assertError(byId, "empty-prompt", "empty_prompt", "prompt is empty");
    assertError(byId, "params-not-json", "invalid_params", "not valid JSON");
    assertError(byId, "unknown-param", "invalid_params", "beam_width");
    assertError(byId, "bad-temperature", "invalid_params", "temperature");
    assertError(byId, "unknown-task", "unsupported_task", "video");
    assertError(byId, "unknown-model", "unknown_model", "nope");
    assertError(byId, "too-long", "prompt_too_long", "context of 64");
    assertTrue(byId.get("too-long").<Integer>getAs("tokens_in") > 512, "prompts are never truncated");

    JsonNode report = new ObjectMapper().readTree(out.resolve("runs/mixed-run.json").toFile());
    assertEquals(10, report.path("counts").path("total").asInt());
    assertEquals(8, report.path("counts").path("error").asInt());
    for (String key : SECRETS.keySet()) {
      assertEquals(Secrets.REDACTED, report.path("config").path("spark_conf").path(key).asText(), key);
    }
    assertEquals("false", report.path("config").path("spark_conf").path("spark.ui.enabled").asText(),
        "harmless settings stay readable");
    JsonNode card = new ObjectMapper().readTree(out.resolve("croissant.json").toFile());
    assertEquals("http://mlcommons.org/croissant/1.1", card.path("conformsTo").asText(), card.toString());
    ConsoleCapture html = cli("report", out.toString());
    assertEquals(0, html.exit(), html.out() + html.err());
    assertTrue(Files.isRegularFile(out.resolve("report.html")));
    assertNoSecretUnder(out);
    for (String secret : SECRETS.values()) {
      assertFalse((o.out() + o.err() + html.out() + html.err()).contains(secret),
          "console or log output leaks " + secret);
    }

    ConsoleCapture inspect = cli("inspect", out.toString());
    assertEquals(0, inspect.exit(), inspect.err());
    assertTrue(inspect.out().contains("error") && inspect.out().contains("invalid_params")
        && inspect.out().contains("Apache-2.0"), inspect.out());
    ConsoleCapture json = cli("inspect", out.toString(), "--json");
    assertEquals(10, json.out().lines().filter(l -> l.startsWith("{")).count(), json.out());
  }

  @Test
  void doctorRunsTheBundledModelOnTheCpu() {
    ConsoleCapture o = cli("doctor");
    assertEquals(0, o.exit(), o.out() + o.err());
    assertTrue(o.out().contains("run on cpu") && o.out().contains(" ok: 8 tokens"), o.out());
  }

  @Test
  void modelInspectShowsDigestLicenceAndDeclaredInputs() {
    ConsoleCapture o = cli("model", "inspect", model.toString());
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("Apache-2.0") && o.out().contains("past_key_values.0.key")
        && o.out().contains("sha256"), o.out());
  }

  private static void assertError(Map<String, Row> byId, String id, String errorClass, String inMessage) {
    Row r = byId.get(id);
    assertEquals("error", r.getAs("status"), id);
    assertEquals(errorClass, r.getAs("error_class"), id);
    String message = r.getAs("error_message");
    assertTrue(message.contains(inMessage) && message.contains(id), id + ": " + message);
    assertNotNull(r.getAs("output_id"), id);
  }

  private static void assertNoSecretUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String secret : SECRETS.values()) {
          assertFalse(content.contains(secret), secret + " found in " + f);
        }
      }
    }
  }

  private static Map<String, Row> manifest(Path out) {
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .getOrCreate();
    try {
      Map<String, Row> byId = new TreeMap<>();
      for (Row r : spark.read().parquet(out.resolve("manifest").toString()).collectAsList()) {
        assertEquals(null, byId.put(r.getAs("prompt_id"), r), "duplicate manifest row");
      }
      return byId;
    } finally {
      spark.stop();
    }
  }

  @Test
  void duplicateIdsAreRefusedBeforeGenerationNamingThem() {
    Path prompts = jsonl(tmp.resolve("dups.jsonl"), List.of(
        row("id", "a", "task", "text", "prompt", "x"), row("id", "b", "task", "text", "prompt", "y"),
        row("id", "a", "task", "text", "prompt", "z")));
    Path out = tmp.resolve("out-dups");
    ConsoleCapture o = cli(run(prompts, out));
    assertEquals(GenpipeCli.EXIT_CONFIG, o.exit(), o.err());
    assertTrue(o.err().contains("'a'") || o.err().contains("\"a\"") || o.err().contains(" a "), o.err());
    assertFalse(Files.exists(out.resolve("manifest")), "no manifest for a refused job");
  }

  @Test
  void jobLevelMisconfigurationIsRefusedWithTheSettingNamed() throws IOException {
    Path prompts = jsonl(tmp.resolve("one.jsonl"), List.of(row("id", "a", "task", "text", "prompt", "x")));
    Path noPrompt = jsonl(tmp.resolve("noprompt.jsonl"), List.of(row("id", "a", "task", "text")));
    Path used = tmp.resolve("out-used");
    Files.createDirectories(used.resolve("manifest"));
    assertRefused(cli(run(noPrompt, tmp.resolve("o1"))), "'prompt'");
    assertRefused(cli(run(prompts, used)), "already holds a run");
    assertRefused(cli("run", "--prompts", prompts.toString(), "--out", tmp.resolve("o2").toString(),
        "--text-model", tmp.resolve("no-such-model").toString()), "no-such-model");
    assertRefused(cli(run(prompts, tmp.resolve("o3"), "--set", "batch-sise=4")), "unknown option 'batch-sise'");
    assertRefused(cli(run(prompts, tmp.resolve("o4"), "--params", "{oops")), "option 'params'");
    assertRefused(cli(run(prompts, tmp.resolve("o5"), "--batch-size", "0")), "batch-size");
    assertRefused(cli(run(prompts, tmp.resolve("o6"), "--usage", "personal")), "usage");
    assertFalse(Files.exists(tmp.resolve("o3").resolve("manifest")));
  }

  private static void assertRefused(ConsoleCapture o, String inMessage) {
    assertEquals(GenpipeCli.EXIT_CONFIG, o.exit(), o.out() + o.err());
    assertTrue(o.err().contains(inMessage), "expected '" + inMessage + "' in: " + o.err());
  }
}
