package io.genpipe.dataset.spark;

import static io.genpipe.dataset.PromptDatasetException.missingColumn;
import static io.genpipe.dataset.PromptDatasetException.wrongType;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;

import io.genpipe.dataset.PromptColumns;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * One rule per known column: from the column's type in the input schema (or its absence) to the
 * expression producing the normalised column, or a {@link io.genpipe.dataset.PromptDatasetException}.
 * Looks at the schema only.
 */
final class PromptColumnRules {
  private final StructType schema;

  PromptColumnRules(StructType schema) {
    this.schema = schema;
  }

  Column id() {
    DataType type = required(PromptColumns.ID, "add a string column 'id' with a unique value per row");
    if (SparkTypes.isStringLike(type) || SparkTypes.isIntegral(type)) {
      return ref(PromptColumns.ID).cast(DataTypes.StringType);
    }
    throw wrongType(PromptColumns.ID, type.simpleString(),
        "use a string column 'id' with a unique value per row"
            + " (integral ids are accepted and cast to string)");
  }

  Column task() {
    return requiredString(PromptColumns.TASK,
        "add a string column 'task' holding 'text' (or the reserved 'image', 'music') per row");
  }

  Column prompt() {
    return requiredString(PromptColumns.PROMPT,
        "add a string column 'prompt' holding the text each row generates from");
  }

  Column params() {
    Optional<DataType> found = typeOf(PromptColumns.PARAMS);
    if (found.isEmpty()) {
      return lit(null).cast(DataTypes.StringType);
    }
    DataType type = found.get();
    if (SparkTypes.isStringLike(type)) {
      return ref(PromptColumns.PARAMS).cast(DataTypes.StringType);
    }
    if (type instanceof MapType map && map.keyType().equals(DataTypes.StringType)
        && map.valueType().equals(DataTypes.StringType)) {
      return udf(new StringMapParams(), DataTypes.StringType).apply(ref(PromptColumns.PARAMS));
    }
    if (type instanceof StructType || isStringKeyedMap(type)) {
      return to_json(ref(PromptColumns.PARAMS));
    }
    throw wrongType(PromptColumns.PARAMS, type.simpleString(),
        "use a JSON-object string, a map<string,string> or a struct column 'params'"
            + " (e.g. '{\"max_new_tokens\":24}'), or drop the column");
  }

  Column seed() {
    Optional<DataType> found = typeOf(PromptColumns.SEED);
    if (found.isEmpty()) {
      return lit(null).cast(DataTypes.LongType);
    }
    if (SparkTypes.isIntegralLike(found.get())) {
      return ref(PromptColumns.SEED).cast(DataTypes.LongType);
    }
    throw wrongType(PromptColumns.SEED, found.get().simpleString(),
        "use an integral column 'seed' (bigint, int, smallint or tinyint), or drop the column");
  }

  Column model() {
    Optional<DataType> found = typeOf(PromptColumns.MODEL);
    if (found.isEmpty()) {
      return lit(null).cast(DataTypes.StringType);
    }
    if (SparkTypes.isStringLike(found.get())) {
      return ref(PromptColumns.MODEL).cast(DataTypes.StringType);
    }
    throw wrongType(PromptColumns.MODEL, found.get().simpleString(),
        "use a string column 'model' naming the model to use, or drop the column");
  }

  private Column requiredString(String column, String fixIfMissing) {
    DataType type = required(column, fixIfMissing);
    if (SparkTypes.isStringLike(type)) {
      return ref(column).cast(DataTypes.StringType);
    }
    throw wrongType(column, type.simpleString(), "use a string column '" + column + "'");
  }

  private DataType required(String column, String fix) {
    return typeOf(column)
        .orElseThrow(() -> missingColumn(column, fix, List.of(schema.fieldNames())));
  }

  private Optional<DataType> typeOf(String column) {
    return List.of(schema.fieldNames()).contains(column)
        ? Optional.of(schema.apply(column).dataType())
        : Optional.empty();
  }

  private static boolean isStringKeyedMap(DataType type) {
    return type instanceof MapType map && map.keyType().equals(DataTypes.StringType);
  }

  /** A reference to a top-level column by its exact name, even if it holds dots or backticks. */
  static Column ref(String column) {
    return col("`" + column.replace("`", "``") + "`");
  }
}
