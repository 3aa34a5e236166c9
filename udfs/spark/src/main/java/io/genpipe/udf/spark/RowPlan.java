package io.genpipe.udf.spark;

import io.genpipe.runtime.generate.TextRequest;
import io.genpipe.runtime.image.ImageRequest;
import org.apache.spark.sql.Row;

/**
 * One input row after validation: ready to generate (a text or image request on a named model),
 * or already an error with its class and message.
 *
 * @param modelSha256 content digest of the row's model, or null when it has none
 * @param params resolved params JSON when valid, else the raw params as given
 * @param seed the row's base seed (row seed, params seed, or job seed)
 */
record RowPlan(Row input, String promptId, String task, String prompt, String modelName,
    String modelSha256, TextRequest text, ImageRequest image, String params, long seed,
    String errorClass, String errorMessage) {

  static RowPlan error(Row input, String promptId, String task, String prompt, String modelName,
      String modelSha256, String params, long seed, String errorClass, String errorMessage) {
    return new RowPlan(input, promptId, task, prompt, modelName, modelSha256, null, null, params,
        seed, errorClass, errorMessage);
  }

  boolean runnable() {
    return text != null || image != null;
  }

  /** The deterministic output id of this row (see {@link Provenance#outputId}). */
  String outputId() {
    return Provenance.outputId(promptId, modelSha256, params, seed);
  }
}
