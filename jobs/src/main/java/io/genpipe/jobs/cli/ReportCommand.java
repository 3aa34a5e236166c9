package io.genpipe.jobs.cli;

import io.genpipe.jobs.OutputLayout;
import io.genpipe.jobs.report.ReportCollector;
import io.genpipe.jobs.report.ReportHtml;
import io.genpipe.jobs.report.ReportPage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genpipe report OUT}: a self-contained HTML page of what a run produced. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write a self-contained HTML report of a run (OUT/report.html by default): counts "
        + "by status, models with licence and policy decision, throughput, image thumbnails, text "
        + "generations, every error row. Uses the consolidated view (one row per prompt id).")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUT", description = "The run's output prefix (any Hadoop filesystem path).")
  String out;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the page (default OUT/report.html; any Hadoop filesystem path).")
  String file;

  @Option(names = "--max-thumbnails", paramLabel = "N", defaultValue = "200",
      description = "Embed at most N images (first by prompt id; default ${DEFAULT-VALUE}).")
  int maxThumbnails;

  @Option(names = "--max-text-rows", paramLabel = "N", defaultValue = "1000",
      description = "Show at most N text generations (first by prompt id; default ${DEFAULT-VALUE}).")
  int maxTextRows;

  @Option(names = "--conf", paramLabel = "SPARK_KEY=VALUE", description = "Spark setting (e.g. spark.hadoop.fs.s3a.*).")
  List<String> confs = new ArrayList<>();

  @Override
  public Integer call() {
    ReportCollector.Limits limits = new ReportCollector.Limits(maxThumbnails, maxTextRows);
    SparkSession spark = SparkSessions.create("genpipe report", "local[1]",
        io.genpipe.jobs.JobOptions.pairs(confs, "--conf"));
    try {
      ReportPage page = new ReportCollector(spark).collect(out, limits);
      String target = file != null ? file : new Path(out, "report.html").toString();
      new OutputLayout(out, spark.sparkContext().hadoopConfiguration()).writeText(target, ReportHtml.render(page));
      long unavailable = page.images().stream().filter(i -> !i.thumbnail().available()).count();
      System.out.printf("report: %s (%d of %d images, %d of %d text rows, %d error rows%s)%n", target,
          page.images().size(), page.imagesTotal(), page.texts().size(), page.textsTotal(),
          page.errors().size(), unavailable > 0 ? ", " + unavailable + " images unreadable" : "");
      return 0;
    } finally {
      spark.stop();
    }
  }
}
