package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU binding on a machine without one: a standalone cluster ({@code local-cluster}, its executor
 * a JVM of its own) whose worker "has" two GPUs by a fake discovery script. Each task reads its GPU
 * address from Spark, asks ONNX Runtime for CUDA on it, and — this build has no CUDA — runs on the
 * CPU; the executor says so once, and every manifest row records {@code execution_provider cpu}.
 */
class GpuFallbackClusterTest {
  private static final Pattern FALLBACK =
      Pattern.compile("CUDA execution provider unavailable for (cuda:\\d)");

  @TempDir static Path tmp;

  @Test
  void tasksGivenAGpuTryCudaOnItAndFallBackToCpuOncePerExecutor() throws Exception {
    Path script = Files.writeString(tmp.resolve("fake-gpus.sh"),
        "#!/usr/bin/env bash\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path logs = Files.createDirectories(tmp.resolve("executor-logs"));
    Path julConf = Files.writeString(tmp.resolve("jul.properties"), String.join("\n",
        "io.genpipe.handlers = java.util.logging.FileHandler",
        "java.util.logging.FileHandler.pattern = " + logs + "/executor-%u.log",
        "java.util.logging.FileHandler.formatter = java.util.logging.SimpleFormatter", ""));
    SparkSession spark = SparkSession.builder().appName("gpu-fallback")
        .master("local-cluster[1,2,1024]")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.cores", "2")
        .config("spark.worker.resource.gpu.amount", "2")
        .config("spark.worker.resource.gpu.discoveryScript", script.toString())
        .config("spark.executor.resource.gpu.amount", "2")
        .config("spark.task.resource.gpu.amount", "1")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executor.extraJavaOptions", System.getProperty("genpipe.test.java.opens", "")
            + " -Dai.djl.offline=true -Djava.util.logging.config.file=" + julConf)
        .config("spark.executorEnv.DJL_OFFLINE", "true")
        .getOrCreate();
    try {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        rows.add(row("id", "g-" + i, "task", "text", "prompt", "hello " + i,
            "params", "{\"max_new_tokens\":2}"));
      }
      Map<String, String> o = new LinkedHashMap<>();
      o.put(JobOptions.PROMPTS, jsonl(tmp.resolve("p.jsonl"), rows).toString());
      o.put(JobOptions.OUT, tmp.resolve("out").toString());
      o.put(JobOptions.TEXT_MODEL,
          TinyDecoderModels.write(tmp.resolve("lm"), DecoderVariant.STANDARD, 77).toString());
      o.put(JobOptions.PARTITIONS, "4");
      o.put(JobOptions.RUN_ID, "gpu");
      o.put(JobOptions.MODEL_CACHE_DIR, tmp.resolve("cache").toString());
      RunResult r = new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream()))
          .run(new JobOptions().layer(o, "test").toJobConf());
      assertEquals(8, r.ok());
      List<Row> providers = spark.read().parquet(r.manifest())
          .select("execution_provider").distinct().collectAsList();
      assertEquals(List.of("cpu"), providers.stream().map(x -> x.getString(0)).toList());
    } finally {
      spark.stop();
    }
    List<String> lines = executorLogLines(logs);
    List<String> fallbacks = lines.stream().filter(l -> FALLBACK.matcher(l).find()).toList();
    assertEquals(1, fallbacks.size(), "once per executor: " + lines);
    Matcher m = FALLBACK.matcher(fallbacks.get(0));
    assertTrue(m.find() && List.of("cuda:0", "cuda:1").contains(m.group(1)), fallbacks.get(0));
    assertTrue(lines.stream().noneMatch(l -> l.contains("no GPU assigned")), lines.toString());
  }

  private static List<String> executorLogLines(Path logs) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }
}
