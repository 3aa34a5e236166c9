package io.genpipe.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.genpipe.jobs.JobConfigException;
import io.genpipe.jobs.JobOptions;
import io.genpipe.jobs.RunResult;
import io.genpipe.jobs.GenerationJob;
import io.genpipe.jobs.JobConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genpipe demo}: the bundled demo prompts through the bundled tiny model, locally. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the text job on the bundled demo prompts and demo model (local[2]).")
public final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_OUT = "genpipe-demo-out";

  @Option(names = "--out", description = "Output folder (default ./" + DEFAULT_OUT + "; a previous demo output there is replaced).")
  Path out = Path.of(DEFAULT_OUT);

  @Override
  public Integer call() throws IOException {
    Path target = out.toAbsolutePath().normalize();
    clearPreviousDemo(target);
    Path assets = DemoAssets.extract(Files.createTempDirectory("genpipe-demo-assets"));
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, assets.resolve(DemoAssets.PROMPTS).toString());
    o.put(JobOptions.OUT, target.toString());
    o.put(JobOptions.TEXT_MODEL, assets.resolve(DemoAssets.MODEL).toString());
    o.put(JobOptions.PARAMS, "{\"repetition_penalty\":1.3}");
    o.put(JobOptions.IMAGE_MODEL, assets.resolve(DemoAssets.IMAGE_MODEL).toString());
    o.put(JobOptions.IMAGE_PARAMS, "{\"width\":128,\"height\":128,\"num_inference_steps\":8}");
    o.put(JobOptions.MASTER, "local[2]");
    o.put(JobOptions.PARTITIONS, "2");
    o.put(JobOptions.BATCH_SIZE, "4");
    o.put(JobOptions.SEED, "42");
    o.put(JobOptions.JOB_NAME, "genpipe-demo");
    JobConf conf = new JobOptions().layer(o, "demo").toJobConf();
    SparkSession spark = SparkSessions.create("genpipe demo", conf.master(), Map.of());
    try {
      RunResult r = new GenerationJob(spark, System.out).run(conf);
      Summary.print(System.out, r);
      samples(spark, r);
      String report = new org.apache.hadoop.fs.Path(target.toString(), "report.html").toString();
      new io.genpipe.jobs.OutputLayout(target.toString(), spark.sparkContext().hadoopConfiguration())
          .writeText(report, io.genpipe.jobs.report.ReportHtml.render(
              new io.genpipe.jobs.report.ReportCollector(spark).collect(target.toString(),
                  new io.genpipe.jobs.report.ReportCollector.Limits(200, 1000))));
      System.out.println("report:     " + report + "   (open it in a browser)");
      System.out.println("next: ./genpipe inspect " + target + "   (add --json for every row)");
      return 0;
    } finally {
      spark.stop();
      deleteTree(assets);
    }
  }

  private static void samples(SparkSession spark, RunResult r) {
    var ok = spark.read().parquet(r.manifest()).where(col("status").equalTo("ok")).orderBy("prompt_id");
    System.out.println("sample text (demo model: tiny generated weights, not a trained LM):");
    for (Row row : ok.where(col("task").equalTo("text")).select("prompt_id", "prompt", "text")
        .limit(3).collectAsList()) {
      System.out.printf("  [%s] %s|%s%n", row.getString(0), row.getString(1),
          row.getString(2).replace('\n', ' '));
    }
    System.out.println("images (demo model: tiny random Stable Diffusion weights, abstract colours):");
    for (Row row : ok.where(col("task").equalTo("image")).select("prompt_id", "object_uri")
        .limit(4).collectAsList()) {
      System.out.printf("  [%s] %s%n", row.getString(0), row.getString(1));
    }
  }

  /** Replaces an earlier demo's output, refusing to touch a folder that is not one. */
  private static void clearPreviousDemo(Path target) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    boolean isRun = Files.isDirectory(target.resolve("manifest")) && Files.isDirectory(target.resolve("runs"));
    boolean empty;
    try (Stream<Path> s = Files.list(target)) {
      empty = s.findAny().isEmpty();
    }
    if (!isRun && !empty) {
      throw new JobConfigException("demo output " + target + " exists and is not an earlier genpipe "
          + "run; pass another --out");
    }
    deleteTree(target);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
