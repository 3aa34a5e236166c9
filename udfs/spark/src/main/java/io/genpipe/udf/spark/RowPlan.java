package io.genpipe.udf.spark;

import io.genpipe.runtime.generate.TextRequest;
import org.apache.spark.sql.Row;

/**
 * One input row after validation: ready to generate (a request on a named model), or already an
 * error with its class and message.
 *
 * @param params resolved params JSON when valid, else the raw params as given
 * @param seed the row's base seed (row seed, params seed, or job seed)
 */
record RowPlan(Row input, String promptId, String task, String prompt, String modelName,
    TextRequest request, String params, long seed, String errorClass, String errorMessage) {

  static RowPlan error(Row input, String promptId, String task, String prompt, String modelName,
      String params, long seed, String errorClass, String errorMessage) {
    return new RowPlan(input, promptId, task, prompt, modelName, null, params, seed, errorClass,
        errorMessage);
  }

  boolean runnable() {
    return request != null;
  }

  /** The deterministic output id of this row (see {@link Provenance#outputId}). */
  String outputId(TextTaskSpec spec) {
    TextModelSpec m = modelName == null ? null : spec.models().get(modelName);
    return Provenance.outputId(promptId, m == null ? null : m.descriptor().sha256(), params, seed);
  }
}
