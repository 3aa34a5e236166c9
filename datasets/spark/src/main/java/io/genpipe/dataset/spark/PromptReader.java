package io.genpipe.dataset.spark;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a prompt dataset through Spark's readers, so any Hadoop path works (file:, s3a://,
 * hdfs://, globs). The result has the file's own columns with only format-specific fixes applied
 * (CSV {@code seed} parsed to bigint, JSON {@code params} objects kept as JSON text); pass it to
 * {@link PromptSchema#normalize} for the fixed shape.
 */
public final class PromptReader {
  private PromptReader() {}

  /** Reads {@code path} in the format its name implies; see {@link PromptFormat#fromPath}. */
  public static Dataset<Row> read(SparkSession spark, String path) {
    Objects.requireNonNull(path, "path");
    return read(spark, path, PromptFormat.fromPath(path));
  }

  /**
   * Reads {@code path} as {@code format}.
   *
   * @throws io.genpipe.dataset.PromptDatasetException if the path does not exist or holds no data,
   *     a JSON line is malformed, or a CSV {@code seed} is not a whole number
   */
  public static Dataset<Row> read(SparkSession spark, String path, PromptFormat format) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(format, "format");
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("prompt dataset path must not be blank, got '" + path + "'");
    }
    DatasetPaths.requireData(spark, path);
    return switch (format) {
      case PARQUET -> spark.read().parquet(path);
      case JSON_LINES -> JsonLinesPrompts.read(spark, path);
      case CSV -> CsvPrompts.read(spark, path);
    };
  }
}
