package io.genpipe.dataset.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import io.genpipe.dataset.PromptColumns;
import io.genpipe.dataset.PromptDatasetException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * CSV reading: a header row, every column a string, RFC 4180 quoting ({@code ""} inside a quoted
 * field), quoted fields may span lines. {@code seed} is parsed to bigint; a blank seed is null and
 * any other non-integer seed fails the read, naming the rows.
 */
final class CsvPrompts {
  private static final int SHOWN_ROWS = 5;
  private static final String WHOLE_NUMBER = "^[+-]?[0-9]+$";

  private CsvPrompts() {}

  static Dataset<Row> read(SparkSession spark, String path) {
    Dataset<Row> raw = spark.read()
        .option("header", true)
        .option("escape", "\"")
        .option("multiLine", true)
        .csv(path);
    if (!List.of(raw.columns()).contains(PromptColumns.SEED)) {
      return raw;
    }
    rejectBadSeeds(raw, path);
    return raw.withColumn(PromptColumns.SEED, parsedSeed());
  }

  private static Column parsedSeed() {
    return expr("try_cast(trim(`" + PromptColumns.SEED + "`) AS BIGINT)");
  }

  /** One pass over the file, stopping at the first few bad rows. */
  private static void rejectBadSeeds(Dataset<Row> raw, String path) {
    Column seed = trim(col(PromptColumns.SEED));
    Column bad = seed.notEqual("").and(not(seed.rlike(WHOLE_NUMBER)).or(parsedSeed().isNull()));
    Column id = List.of(raw.columns()).contains(PromptColumns.ID)
        ? col(PromptColumns.ID)
        : lit(null).cast("string");
    List<Row> rows =
        raw.filter(bad).select(id, col(PromptColumns.SEED)).limit(SHOWN_ROWS).collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    String examples = rows.stream()
        .map(r -> "row id '" + r.getString(0) + "' has seed '" + r.getString(1) + "'")
        .collect(Collectors.joining(", "));
    throw new PromptDatasetException(
        "prompt dataset '" + path + "' column 'seed' must hold whole numbers, but " + examples
            + (rows.size() == SHOWN_ROWS ? " (more rows may be affected)" : "")
            + "; write each seed as an integer between -2^63 and 2^63-1, or leave it empty");
  }
}
