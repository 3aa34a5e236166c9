package io.genpipe.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.jobs.cli.GenpipeCli;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import io.genpipe.testing.sd.SdVariant;
import io.genpipe.testing.sd.TinyStableDiffusion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real runs for the report tests, made once per test JVM and shared by the test classes: the
 * bundled demo (10 text rows, 4 image rows, no errors) and a small run with hostile prompts and
 * error rows. Both are deleted when the JVM exits.
 */
final class ReportFixtures {
  private static Path root;
  private static Path demo;
  private static Path hostile;

  private ReportFixtures() {}

  /** The demo's output prefix, with its report written to {@code report.html}. */
  static synchronized Path demo() {
    if (demo == null) {
      Path dir = root().resolve("demo");
      assertEquals(0, cli("demo", "--out", dir.toString()), "genpipe demo");
      assertEquals(0, cli("report", dir.toString()), "genpipe report (demo)");
      demo = dir;
    }
    return demo;
  }

  /**
   * A run with a hostile prompt on a text row and an image row, and two error rows (a null
   * prompt, an invalid image width); its report written to {@code report.html}.
   */
  static synchronized Path hostile() {
    if (hostile == null) {
      Path base = root().resolve("hostile");
      Path text = TinyDecoderModels.write(base.resolve("tiny-lm"), DecoderVariant.STANDARD);
      Path image = TinyStableDiffusion.write(base.resolve("tiny-sd"), SdVariant.DIFFUSERS_SCRIPT);
      Path prompts = jsonl(base.resolve("prompts.jsonl"), List.of(
          Map.of("id", "h-text", "task", "text", "prompt", ReportSamples.HOSTILE, "params", "{\"max_new_tokens\":4}"),
          Map.of("id", "h-image", "task", "image", "prompt", ReportSamples.HOSTILE, "seed", 3),
          Map.of("id", "plain", "task", "text", "prompt", "hello world"),
          Map.of("id", "bad-null", "task", "text"),
          Map.of("id", "bad-width", "task", "image", "prompt", "x " + ReportSamples.XSS, "params", "{\"width\":65}")));
      Path out = base.resolve("out");
      int exit = cli("run", "--prompts", prompts.toString(), "--out", out.toString(), "--text-model",
          text.toString(), "--image-model", image.toString(), "--image-params",
          "{\"width\":64,\"height\":64,\"num_inference_steps\":2}", "--master", "local[2]",
          "--partitions", "2", "--batch-size", "2", "--conf", "spark.ui.enabled=false");
      assertEquals(3, exit, "run with error rows exits 3");
      assertEquals(0, cli("report", out.toString()), "genpipe report (hostile)");
      hostile = out;
    }
    return hostile;
  }

  /** Runs the CLI with its output swallowed (printed on failure) and returns the exit code. */
  static int cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int exit;
    try {
      System.setOut(capture);
      System.setErr(capture);
      exit = GenpipeCli.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    if (exit != 0 && exit != 3) {
      System.err.println("genpipe " + String.join(" ", args) + " exited " + exit + ":\n"
          + buf.toString(StandardCharsets.UTF_8));
    }
    return exit;
  }

  private static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("genpipe-report-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path r = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(r)));
    }
    return root;
  }

  private static Path jsonl(Path file, List<Map<String, Object>> rows) {
    ObjectMapper json = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> row : rows) {
      ObjectNode n = json.createObjectNode();
      new java.util.TreeMap<>(row).forEach((k, v) -> n.set(k, json.valueToTree(v)));
      sb.append(n).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
