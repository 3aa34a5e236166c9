package io.genpipe.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genpipe inspect OUT}: what a run produced. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Summarise a run's manifest (counts by status, models, licences, throughput); "
        + "with --json, print the manifest rows as JSON Lines.")
public final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUT", description = "The run's output prefix.")
  String out;

  @Option(names = "--json", description = "Print the manifest rows as JSON Lines (one per prompt id: the consolidated view).")
  boolean json;

  @Option(names = "--all-runs", description = "With --json: every row of every run, not the consolidated view.")
  boolean allRuns;

  @Option(names = "--conf", paramLabel = "SPARK_KEY=VALUE", description = "Spark setting (e.g. spark.hadoop.fs.s3a.*).")
  java.util.List<String> confs = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    SparkSession spark = SparkSessions.create("genpipe inspect", "local[1]",
        io.genpipe.jobs.JobOptions.pairs(confs, "--conf"));
    try {
      Dataset<Row> all = spark.read().parquet(new Path(out, "manifest").toString());
      Dataset<Row> manifest = io.genpipe.jobs.ManifestViews.latest(all);
      if (json) {
        for (Iterator<String> it = (allRuns ? all : manifest).toJSON().toLocalIterator(); it.hasNext(); ) {
          System.out.println(it.next());
        }
      } else {
        summary(spark, manifest, System.out);
        p("rows by run:");
        for (Row r : all.groupBy("run_id", "status").count().orderBy("run_id", "status").collectAsList()) {
          System.out.printf("  %-28s %-6s %8d%n", r.getString(0), r.getString(1), r.getLong(2));
        }
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  private void summary(SparkSession spark, Dataset<Row> m, PrintStream p) throws Exception {
    p.println("manifest: " + new Path(out, "manifest"));
    p.println("rows by status (consolidated: the latest row of each prompt id):");
    for (Row r : m.groupBy("status").agg(count(lit(1)), sum(col("tokens_out"))).orderBy("status").collectAsList()) {
      p.printf("  %-6s %8d rows  %10s tokens%n", r.getString(0), r.getLong(1), r.isNullAt(2) ? "0" : r.get(2));
    }
    p.println("models:");
    for (Row r : m.where(col("model_id").isNotNull()).groupBy("model_id", "model_sha256", "model_license",
        "policy_decision").count().collectAsList()) {
      p.printf("  %s  sha256 %s  licence %s  policy %s  (%d rows)%n", r.getString(0),
          abbreviate(r.getString(1)), r.getString(2), r.getString(3), r.getLong(4));
    }
    java.util.List<Row> errors = m.where(col("status").equalTo("error")).groupBy("error_class").count()
        .orderBy(col("count").desc()).collectAsList();
    if (!errors.isEmpty()) {
      p.println("errors by class:");
      errors.forEach(r -> p.printf("  %-20s %d%n", r.getString(0), r.getLong(1)));
    }
    runs(spark, p);
  }

  private void runs(SparkSession spark, PrintStream p) throws Exception {
    Path dir = new Path(out, "runs");
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(dir)) {
      return;
    }
    ObjectMapper json = new ObjectMapper();
    for (FileStatus st : fs.listStatus(dir)) {
      JsonNode run;
      try (var in = fs.open(st.getPath())) {
        run = json.readTree(in);
      }
      JsonNode t = run.path("throughput");
      p.printf("run %s: %s rows/s, %s tokens/s, generation %s ms, application %s%n",
          run.path("run_id").asText(), fmt(t.path("rows_per_s")), fmt(t.path("tokens_per_s")),
          run.path("timings").path("generate_ms").asText(), run.path("spark_application_id").asText());
    }
  }

  private static void p(String line) {
    System.out.println(line);
  }

  private static String fmt(JsonNode n) {
    return String.format("%.1f", n.asDouble());
  }

  private static String abbreviate(String sha) {
    return sha == null ? "-" : sha.substring(0, Math.min(12, sha.length())) + "…";
  }

}
