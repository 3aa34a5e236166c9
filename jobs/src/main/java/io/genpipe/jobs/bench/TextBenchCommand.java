package io.genpipe.jobs.bench;

import io.genpipe.jobs.JobConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genpipe bench text}: tokens/s of a bare ONNX Runtime greedy loop, the genpipe runtime and
 * the Spark job, side by side in one run on the same models, prompts and batch size, plus
 * per-token decode time against cache length. Prints a table; {@code --out} also writes JSON.
 */
@Command(name = "text", mixinStandardHelpOptions = true,
    description = "Text generation throughput: bare ONNX Runtime loop vs genpipe runtime vs Spark job.")
public final class TextBenchCommand implements Callable<Integer> {
  static final String DEMO_MODEL = "datasets/demo/models/genpipe-tiny-lm";

  @Option(names = "--model", paramLabel = "DIR", description = "Model folder (Optimum ONNX decoder "
      + "with past, model.onnx, float32 cache); repeatable. Default: ../shared/models/"
      + "tinystories-260k (or -Dgenpipe.shared.dir) and " + DEMO_MODEL + ", those that exist.")
  List<Path> models = new ArrayList<>();

  @Option(names = "--prompts", defaultValue = "256", description = "Synthetic prompts (default ${DEFAULT-VALUE}).")
  int prompts;

  @Option(names = "--batch-size", defaultValue = "8", description = "Rows per batch, every contender (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--max-new-tokens", defaultValue = "64", description = "New tokens per row, no eos stop (default ${DEFAULT-VALUE}; capped by the model's context).")
  int maxNewTokens;

  @Option(names = "--cores", defaultValue = "2", description = "Spark local[N] and threads of the equal-resources contenders (default ${DEFAULT-VALUE}).")
  int cores;

  @Option(names = "--intra-op-threads", defaultValue = "1", description = "ONNX Runtime intra-op threads per session, every contender (default ${DEFAULT-VALUE}: one core per loop or Spark task, so the threads column is the cores used; 0 = ORT's default in the loops, spark.task.cpus in the Spark job, as genpipe run).")
  int intraOpThreads;

  @Option(names = "--latency-tokens", defaultValue = "300", description = "Tokens of the one-row decode-latency probe (default ${DEFAULT-VALUE}; capped by context).")
  int latencyTokens;

  @Option(names = "--positions", split = ",", defaultValue = "16,64,256", description = "Cache lengths to report decode time at (default ${DEFAULT-VALUE}).")
  List<Integer> positions;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per contender after one warm-up; the median is reported (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as JSON here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    BenchSettings settings = new BenchSettings(prompts, batchSize, maxNewTokens, cores,
        intraOpThreads, latencyTokens, positions, repeats);
    List<Path> dirs = modelDirs();
    Machine machine = Machine.current();
    Path tmp = Files.createTempDirectory("genpipe-bench");
    SparkSession spark = SparkSession.builder().appName("genpipe bench").master("local[" + cores + "]")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("genpipe.spark.log.level", "WARN"));
    try {
      BenchPrompts benchPrompts = BenchPrompts.write(spark, prompts, tmp);
      List<ModelResult> results = new ArrayList<>();
      try (ModelBench bench = new ModelBench(settings, new Measure(1, repeats),
          new SparkContender(spark, tmp), benchPrompts)) {
        for (Path dir : dirs) {
          System.err.println("genpipe bench: " + dir + " ...");
          results.add(bench.run(dir));
        }
      }
      BenchReport report = new BenchReport(settings, machine, results);
      report.print(System.out);
      if (out != null) {
        report.writeJson(out);
        System.out.println("\nresults written to " + out);
      }
      boolean agree = results.stream().allMatch(r -> r.idsIdentical() && r.sparkTextsIdentical());
      return agree ? 0 : 1;
    } finally {
      spark.stop();
      TempDirs.deleteTree(tmp);
    }
  }

  private List<Path> modelDirs() {
    List<Path> dirs = new ArrayList<>();
    if (!models.isEmpty()) {
      for (Path m : models) {
        if (!Files.isRegularFile(m.resolve("model.onnx"))) {
          throw new JobConfigException("--model " + m + " has no model.onnx; pass a folder with an "
              + "Optimum ONNX decoder export (model.onnx with past) and its tokenizer.json");
        }
        dirs.add(m.toAbsolutePath().normalize());
      }
      return dirs;
    }
    String shared = System.getProperty("genpipe.shared.dir", "../shared");
    for (Path d : List.of(Path.of(shared, "models", "tinystories-260k"), Path.of(DEMO_MODEL))) {
      if (Files.isRegularFile(d.resolve("model.onnx"))) {
        dirs.add(d.toAbsolutePath().normalize());
      } else {
        System.err.println("genpipe bench: default model " + d.toAbsolutePath().normalize()
            + " not found, skipped");
      }
    }
    if (dirs.isEmpty()) {
      throw new JobConfigException("no model to benchmark: pass --model DIR");
    }
    return dirs;
  }
}
