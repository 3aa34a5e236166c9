package io.genpipe.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.jobs.JobConfigException;
import io.genpipe.jobs.ManifestViews;
import io.genpipe.jobs.OutputLayout;
import io.genpipe.jobs.report.ReportPage.ImageItem;
import io.genpipe.jobs.report.ReportPage.ModelSummary;
import io.genpipe.jobs.report.ReportPage.StatusCount;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Collects a {@link ReportPage} from a run's output prefix: the consolidated manifest view
 * ({@link ManifestViews#latest}), the runs' provenance files, and the images' bytes (read through
 * the Hadoop filesystem of each {@code object_uri}, on the driver, at most {@code maxThumbnails}).
 */
public final class ReportCollector {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Configuration hadoop;

  public ReportCollector(SparkSession spark) {
    this.spark = spark;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
  }

  /** The caps on what the page embeds; errors are never capped. */
  public record Limits(int maxThumbnails, int maxTextRows) {
    public Limits {
      if (maxThumbnails < 0 || maxTextRows < 0) {
        throw new JobConfigException("--max-thumbnails and --max-text-rows must be >= 0");
      }
    }
  }

  public ReportPage collect(String out, Limits limits) {
    Path manifestDir = new Path(out, "manifest");
    if (!new OutputLayout(out, hadoop).hasManifest()) {
      throw new JobConfigException("no manifest under " + out + " (expected " + manifestDir
          + "); pass the --out of a genpipe run");
    }
    Dataset<Row> all = spark.read().parquet(manifestDir.toString());
    Dataset<Row> m = ManifestViews.latest(all).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<String> columns = Arrays.asList(m.columns());
      List<StatusCount> counts = new ArrayList<>();
      Column tokens = columns.contains("tokens_out") ? sum(col("tokens_out")) : lit(null).cast("long");
      for (Row r : m.groupBy("task", "status").agg(count(lit(1)), tokens).collectAsList()) {
        counts.add(new StatusCount(r.getString(0), r.getString(1), r.getLong(2),
            r.isNullAt(3) ? null : ((Number) r.get(3)).longValue()));
      }
      List<ModelSummary> models = models(m, columns);
      List<RunSummary> runs = runs(out, all);

      Dataset<Row> imageRows = m.where(col("task").equalTo("image").and(col("status").equalTo("ok")));
      if (columns.contains("object_uri")) {
        imageRows = imageRows.where(col("object_uri").isNotNull());
      }
      long imagesTotal = imageRows.count();
      List<ImageItem> images = new ArrayList<>();
      for (Row r : imageRows.orderBy("prompt_id").limit(limits.maxThumbnails()).collectAsList()) {
        ManifestEntry e = entry(r);
        images.add(new ImageItem(e, Thumbnails.fromUri(e.str("object_uri"), hadoop)));
      }

      Dataset<Row> textRows = m.where(col("task").equalTo("text").and(col("status").equalTo("ok")));
      long textsTotal = textRows.count();
      List<ManifestEntry> texts = new ArrayList<>();
      for (Row r : textRows.orderBy("prompt_id").limit(limits.maxTextRows()).collectAsList()) {
        texts.add(entry(r));
      }

      List<ManifestEntry> errors = new ArrayList<>();
      for (Iterator<Row> it = m.where(col("status").notEqual("ok")).orderBy("prompt_id").toLocalIterator();
          it.hasNext(); ) {
        errors.add(entry(it.next()));
      }
      return new ReportPage(out, counts, models, runs, images, imagesTotal, texts, textsTotal, errors);
    } finally {
      m.unpersist();
    }
  }

  private static List<ModelSummary> models(Dataset<Row> m, List<String> columns) {
    if (!columns.contains("model_id")) {
      return List.of();
    }
    String[] keys = {"task", "model_id", "model_sha256", "model_license", "license_category", "policy_decision"};
    List<Column> group = new ArrayList<>();
    for (String k : keys) {
      group.add(columns.contains(k) ? col(k) : lit(null).cast("string").as(k));
    }
    List<ModelSummary> models = new ArrayList<>();
    for (Row r : m.where(col("model_id").isNotNull()).groupBy(group.toArray(Column[]::new)).count()
        .collectAsList()) {
      models.add(new ModelSummary(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
          r.getString(4), r.getString(5), r.getLong(6)));
    }
    return models;
  }

  /** Runs from the manifest partitions and {@code OUT/runs/*.json}, keyed by run id. */
  private List<RunSummary> runs(String out, Dataset<Row> all) {
    Map<String, Long> rowsByRun = new TreeMap<>();
    if (Arrays.asList(all.columns()).contains("run_id")) {
      for (Row r : all.groupBy("run_id").count().collectAsList()) {
        rowsByRun.put(String.valueOf(r.get(0)), r.getLong(1));
      }
    }
    Map<String, RunSummary> runs = new TreeMap<>();
    Path dir = new Path(out, "runs");
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (fs.exists(dir)) {
        for (FileStatus st : fs.listStatus(dir)) {
          if (!st.isFile() || !st.getPath().getName().endsWith(".json")) {
            continue;
          }
          JsonNode run;
          try (InputStream in = fs.open(st.getPath())) {
            run = JSON.readTree(in);
          } catch (IOException e) {
            continue; // a damaged provenance file: the run still shows from the manifest
          }
          String id = run.path("run_id").asText(st.getPath().getName().replaceFirst("\\.json$", ""));
          runs.put(id, RunSummary.fromJson(run, rowsByRun.get(id)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    rowsByRun.forEach((id, n) -> runs.putIfAbsent(id, RunSummary.manifestOnly(id, n)));
    return new ArrayList<>(runs.values());
  }

  /** A manifest row as plain values: timestamps as ISO-8601 instants (UTC), nested values as text. */
  static ManifestEntry entry(Row r) {
    Map<String, Object> values = new LinkedHashMap<>();
    String[] names = r.schema().fieldNames();
    for (int i = 0; i < names.length; i++) {
      if (r.isNullAt(i)) {
        continue;
      }
      Object v = r.get(i);
      if (v instanceof java.sql.Timestamp t) {
        v = t.toInstant().toString();
      } else if (v instanceof java.time.Instant t) {
        v = t.toString();
      } else if (v instanceof java.sql.Date d) {
        v = d.toLocalDate().toString();
      } else if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        v = String.valueOf(v);
      }
      values.put(names[i], v);
    }
    return new ManifestEntry(values);
  }
}
