package io.genpipe.dataset.spark;

import static org.apache.spark.sql.functions.col;

import io.genpipe.dataset.PromptColumns;
import io.genpipe.dataset.PromptDatasetException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * JSON Lines reading. A {@code params} object is kept as its JSON text: the file is re-read with
 * {@code params} declared as a string, which makes Spark copy the object's text verbatim (key
 * order and number spelling preserved) instead of inferring a struct merged over all rows.
 */
final class JsonLinesPrompts {
  private static final int SHOWN_LINES = 3;
  private static final int SHOWN_CHARS = 120;

  private JsonLinesPrompts() {}

  static Dataset<Row> read(SparkSession spark, String path) {
    Dataset<Row> inferred = spark.read().json(path);
    rejectMalformed(spark, inferred, path);
    StructType schema = inferred.schema();
    if (!isObject(paramsType(schema))) {
      return inferred;
    }
    return spark.read().schema(withStringParams(schema)).json(path);
  }

  private static DataType paramsType(StructType schema) {
    return List.of(schema.fieldNames()).contains(PromptColumns.PARAMS)
        ? schema.apply(PromptColumns.PARAMS).dataType()
        : DataTypes.StringType;
  }

  private static boolean isObject(DataType type) {
    return type instanceof StructType || type instanceof MapType;
  }

  private static StructType withStringParams(StructType schema) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(PromptColumns.PARAMS)) {
        fields[i] = DataTypes.createStructField(PromptColumns.PARAMS, DataTypes.StringType, true);
      }
    }
    return DataTypes.createStructType(fields);
  }

  /** Spark adds a corrupt-record column to the inferred schema only when some line is malformed. */
  private static void rejectMalformed(SparkSession spark, Dataset<Row> inferred, String path) {
    String corrupt = spark.conf().get("spark.sql.columnNameOfCorruptRecord", "_corrupt_record");
    List<String> columns = List.of(inferred.columns());
    if (!columns.contains(corrupt)) {
      return;
    }
    String fix = "; write JSON Lines: one complete JSON object per line (pretty-printed JSON and"
        + " top-level arrays spanning lines are not supported)";
    if (columns.size() == 1) {
      throw new PromptDatasetException(
          "prompt dataset '" + path + "' has no line that is a JSON object" + fix);
    }
    // Selecting every column (not only the corrupt one) is what Spark allows on raw JSON files.
    List<Row> bad = inferred.filter(col(corrupt).isNotNull()).limit(SHOWN_LINES).collectAsList();
    String examples = bad.stream()
        .map(r -> "'" + abbreviate(r.getString(r.fieldIndex(corrupt))) + "'")
        .collect(Collectors.joining(", "));
    throw new PromptDatasetException(
        "prompt dataset '" + path + "' has malformed JSON lines, e.g. " + examples + fix);
  }

  private static String abbreviate(String line) {
    String oneLine = line.strip().replace('\n', ' ');
    return oneLine.length() <= SHOWN_CHARS ? oneLine : oneLine.substring(0, SHOWN_CHARS) + "...";
  }
}
