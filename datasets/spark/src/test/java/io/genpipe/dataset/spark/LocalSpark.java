package io.genpipe.dataset.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The one local[2] session a test class shares, and small fixture writers. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String appName) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  static Dataset<Row> rows(SparkSession spark, StructType schema, Row... rows) {
    return spark.createDataFrame(List.of(rows), schema);
  }

  /** Writes {@code data} as a folder of Parquet part files and returns its path. */
  static String writeParquet(Dataset<Row> data, Path folder) {
    data.write().parquet(folder.toString());
    return folder.toString();
  }

  static String writeText(Path file, String... lines) throws java.io.IOException {
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file.toString();
  }
}
