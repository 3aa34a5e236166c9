package io.genpipe.jobs.bench;

import static org.apache.spark.sql.functions.lit;

import io.genpipe.dataset.PromptColumns;
import io.genpipe.dataset.spark.SyntheticPrompts;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's prompts: {@link SyntheticPrompts} story openings (seed 0), written once as a
 * Parquet prompt dataset for the Spark job and collected in id order for the in-process
 * contenders, so every contender sees the same prompts. The {@code params} column is left null:
 * generation parameters come from the job params, per model.
 *
 * @param ids prompt ids in order
 * @param texts prompt texts, aligned with {@code ids}
 * @param parquet path of the Parquet prompt dataset
 */
record BenchPrompts(List<String> ids, List<String> texts, String parquet) {
  static BenchPrompts write(SparkSession spark, int count, Path dir) {
    String path = dir.resolve("prompts.parquet").toString();
    SyntheticPrompts.generate(spark, count, 0L, 1, 1)
        .withColumn(PromptColumns.PARAMS, lit(null).cast("string"))
        .coalesce(1).write().parquet(path);
    List<Row> rows = spark.read().parquet(path).orderBy(PromptColumns.ID)
        .select(PromptColumns.ID, PromptColumns.PROMPT).collectAsList();
    return new BenchPrompts(rows.stream().map(r -> r.getString(0)).toList(),
        rows.stream().map(r -> r.getString(1)).toList(), path);
  }

  int size() {
    return ids.size();
  }
}
