package io.genpipe.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Views over a manifest that holds several runs ({@code OUT/manifest/run_id=<id>/}, appended by
 * {@code --resume}). The consolidated view has exactly one row per prompt id: its latest row. A
 * resumed run regenerates exactly the rows without an ok output, so the latest row is the ok row
 * when there is one, else the newest error.
 */
public final class ManifestViews {
  private ManifestViews() {}

  /** One row per prompt id: the most recent (by {@code created_at}, then {@code run_id}). */
  public static Dataset<Row> latest(Dataset<Row> manifest) {
    return manifest
        .withColumn("_genpipe_rank", row_number().over(Window.partitionBy("prompt_id")
            .orderBy(col("created_at").desc(), col("run_id").desc())))
        .where(col("_genpipe_rank").equalTo(1))
        .drop("_genpipe_rank");
  }

  /**
   * The runs that own at least one row of the consolidated view, by run id, each with the models
   * of its rows there and its start and end times from {@code runs/<run_id>.json} (null when that
   * report is missing: a killed run's rows are never committed, so every run here finished). None
   * when {@code OUT} has no manifest yet.
   */
  public static List<CroissantCard.Run> runsInView(SparkSession spark, OutputLayout out) {
    if (!out.hasManifest()) {
      return List.of();
    }
    List<CroissantCard.Run> runs = new ArrayList<>();
    Dataset<Row> view = latest(spark.read().parquet(out.manifest()));
    for (Row r : view.groupBy("run_id").agg(collect_set(struct(col("model_id"), col("model_sha256"),
        col("model_license"), col("model_license_url"))).as("models")).orderBy("run_id")
        .collectAsList()) {
      String runId = r.getString(0);
      JsonNode timings = out.readRunReport(runId).map(report -> report.path("timings")).orElse(null);
      runs.add(new CroissantCard.Run(runId, text(timings, "started_at"), text(timings, "finished_at"),
          models(r.getList(1))));
    }
    return runs;
  }

  private static List<CroissantCard.Model> models(List<Row> rows) {
    return rows.stream().filter(m -> m.getString(0) != null)
        .map(m -> new CroissantCard.Model(m.getString(0), m.getString(0), m.getString(1),
            m.getString(2), m.getString(3)))
        .sorted(java.util.Comparator.comparing(CroissantCard.Model::modelId)
            .thenComparing(m -> String.valueOf(m.sha256())))
        .toList();
  }

  private static String text(JsonNode node, String field) {
    return node == null || !node.path(field).isTextual() ? null : node.path(field).asText();
  }
}
