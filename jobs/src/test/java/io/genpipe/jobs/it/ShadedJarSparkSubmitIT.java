package io.genpipe.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar under {@code spark-submit} as a cluster runs it: Spark's own
 * {@code SparkSubmit} in a fresh JVM whose classpath stands for a Spark distribution (the
 * launcher's classpath less genpipe and the libraries only genpipe brings), the jar as the
 * application, the demo prompts and models. Proves the jar holds what a cluster lacks (genpipe,
 * ONNX Runtime and its native library, DJL tokenizers, picocli, service files) and that the
 * documented command works.
 */
class ShadedJarSparkSubmitIT {
  /** Path fragments of the jars genpipe brings itself; a Spark distribution has none of them. */
  private static final List<String> OWN = List.of("/io/genpipe/", "/com/microsoft/onnxruntime/",
      "/ai/djl/", "/info/picocli/");

  @TempDir Path tmp;

  @Test
  void theDocumentedSparkSubmitCommandRunsTheDemoPrompts() throws Exception {
    Path repo = Path.of(System.getProperty("genpipe.repo.dir", "..")).toAbsolutePath().normalize();
    Path target = repo.resolve("jobs/target");
    Path jar = target.resolve("genpipe-jobs-spark.jar");
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built in package: " + jar);
    String sparkClasspath = Arrays.stream(Files.readString(target.resolve("launcher-classpath.txt"))
        .trim().split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(repo)) // genpipe's modules
        .filter(entry -> OWN.stream().noneMatch(own -> entry.replace('\\', '/').contains(own)))
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    Path out = tmp.resolve("out");

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(System.getProperty("genpipe.test.java.opens", "").trim().split("\\s+")));
    cmd.addAll(List.of("-Xmx1g", "-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
        "--properties-file", repo.resolve("cluster-config/local/spark-defaults.conf").toString(),
        "--master", "local[2]", "--class", "io.genpipe.jobs.cli.GenpipeCli", jar.toString(),
        "run", "--prompts", repo.resolve("datasets/demo/prompts.jsonl").toString(),
        "--out", out.toString(),
        "--text-model", repo.resolve("datasets/demo/models/genpipe-tiny-lm").toString(),
        "--image-model", repo.resolve("datasets/demo/models/genpipe-tiny-sd").toString()));
    Path log = tmp.resolve("spark-submit.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit did not finish in 5 minutes");
    String output = Files.readString(log);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("(14 ok, 0 error)"), output);
    try (Stream<Path> images = Files.list(out.resolve("media/image"))) {
      assertEquals(4, images.filter(f -> f.toString().endsWith(".png")).count());
    }
    try (Stream<Path> runs = Files.list(out.resolve("manifest"))) {
      assertEquals(1, runs.filter(d -> d.getFileName().toString().startsWith("run_id=")).count());
    }
  }
}
