package io.genpipe.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
}
