package io.genpipe.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The Croissant {@code cr:Field}s of a Parquet schema: one per column, read from the manifest file
 * set by column name. Spark types map to schema.org data types; nested values (structs, maps)
 * have no Croissant atomic type and are declared {@code sc:Text} with a note.
 */
final class CroissantFields {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "output_id", "Deterministic id of the output: hash of prompt id, model sha256, params, seed.",
      "prompt_id", "Id of the input prompt row; every input id appears exactly once.",
      "status", "ok, error or skipped.",
      "text", "Generated text (text tasks).",
      "object_uri", "URI of the generated media object under media/ (media tasks).",
      "model_license", "SPDX id (or LicenseRef-) of the model that generated the row.",
      "digital_source_type", "IPTC digital source type of the output.",
      "params", "Resolved generation parameters (JSON).");

  private CroissantFields() {}

  /**
   * One field per column; {@code partitionColumns} are read from the file path ({@code
   * .../<name>=<value>/...}) instead of the file, as Hive-style partitioning stores them.
   */
  static ArrayNode of(StructType schema, String recordSet, String fileSet,
      List<String> partitionColumns) {
    ArrayNode fields = JSON.arrayNode();
    for (StructField f : schema.fields()) {
      fields.add(field(f, recordSet, fileSet, partitionColumns.contains(f.name())));
    }
    return fields;
  }

  private static ObjectNode field(StructField f, String recordSet, String fileSet,
      boolean fromPath) {
    ObjectNode n = JSON.objectNode();
    n.put("@type", "cr:Field");
    n.put("@id", recordSet + "/" + f.name());
    n.put("name", f.name());
    DataType type = f.dataType();
    if (type instanceof ArrayType a) {
      n.put("isArray", true);
      n.put("arrayShape", "-1");
      type = a.elementType();
    }
    String dataType = dataType(type);
    n.put("dataType", dataType == null ? "sc:Text" : dataType);
    String description = DESCRIPTIONS.get(f.name());
    if (dataType == null) {
      description = "Nested value (" + type.simpleString() + "), read as text.";
    }
    if (description != null) {
      n.put("description", description);
    }
    ObjectNode source = n.putObject("source");
    source.putObject("fileSet").put("@id", fileSet);
    if (fromPath) {
      source.putObject("extract").put("fileProperty", "fullpath");
      source.putObject("transform").put("regex", "^.*/" + f.name() + "=([^/]*)/.*$");
    } else {
      source.putObject("extract").put("column", f.name());
    }
    return n;
  }

  /** schema.org data type of an atomic Spark type, or null for nested types. */
  static String dataType(DataType t) {
    if (t instanceof StringType) {
      return "sc:Text";
    }
    if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType
        || t instanceof LongType) {
      return "sc:Integer";
    }
    if (t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType) {
      return "sc:Float";
    }
    if (t instanceof BooleanType) {
      return "sc:Boolean";
    }
    if (t instanceof DateType) {
      return "sc:Date";
    }
    if (t instanceof TimestampType || t instanceof TimestampNTZType) {
      return "sc:DateTime";
    }
    return null;
  }
}
