package io.genpipe.udf.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the manifest: one row per input prompt, the provenance fields of
 * {@code shared/PROVENANCE.md} that apply, then the prompt dataset's pass-through columns.
 * {@code timings} is a JSON object of an image row's batch: {@code encode_ms}, {@code denoise_ms},
 * {@code decode_ms}, {@code total_ms} and {@code batch_size} (null on text and error rows).
 */
public final class ManifestSchema {
  /** The manifest's own columns, in order. */
  public static final Map<String, DataType> FIELDS = fields();

  private ManifestSchema() {}

  private static Map<String, DataType> fields() {
    DataType s = DataTypes.StringType;
    DataType l = DataTypes.LongType;
    DataType i = DataTypes.IntegerType;
    Map<String, DataType> f = new LinkedHashMap<>();
    // identity and status
    f.put("output_id", s); f.put("prompt_id", s); f.put("run_id", s); f.put("job_name", s);
    f.put("task", s); f.put("status", s); f.put("error_class", s); f.put("error_message", s);
    // output
    f.put("text", s); f.put("finish_reason", s); f.put("object_uri", s); f.put("media_type", s);
    f.put("byte_size", l); f.put("sha256", s); f.put("width", i); f.put("height", i);
    f.put("created_at", s);
    // prompt
    f.put("prompt_sha256", s); f.put("prompt", s); f.put("prompt_dataset", s);
    // model
    f.put("model_id", s); f.put("model_sha256", s); f.put("base_model", s);
    f.put("base_model_relation", s); f.put("model_license", s); f.put("model_license_url", s);
    f.put("license_category", s);
    // generation
    f.put("params", s); f.put("seed", l); f.put("tokens_in", i); f.put("tokens_out", i);
    f.put("latency_ms", l); f.put("timings", s); f.put("onnxruntime_version", s); f.put("execution_provider", s);
    f.put("genpipe_version", s); f.put("host", s);
    // marking and policy
    f.put("digital_source_type", s); f.put("c2pa_manifest_present", DataTypes.BooleanType);
    f.put("watermark", s); f.put("usage", s); f.put("policy_decision", s);
    f.put("attribution_text", s); f.put("use_restrictions_ref", s);
    return java.util.Collections.unmodifiableMap(f);
  }

  /** The manifest's columns followed by the pass-through columns of the prompt dataset. */
  public static StructType withPassThrough(List<StructField> passThrough) {
    List<StructField> all = new ArrayList<>();
    FIELDS.forEach((name, type) -> all.add(DataTypes.createStructField(name, type, true)));
    for (StructField p : passThrough) {
      if (FIELDS.containsKey(p.name())) {
        throw new IllegalArgumentException("prompt dataset column '" + p.name() + "' has the name "
            + "of a manifest column; rename it (manifest columns: " + FIELDS.keySet() + ")");
      }
      all.add(p);
    }
    return DataTypes.createStructType(all);
  }
}
