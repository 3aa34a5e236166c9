package io.genpipe.onnx.image;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.genpipe.onnx.OnnxModelException;
import java.util.Map;

/**
 * The CLIP text encoder: {@code input_ids} in its declared integer type (int32 from diffusers'
 * script, int64 from Optimum) → {@code last_hidden_state}, used as the UNet's
 * {@code encoder_hidden_states}.
 */
final class SdTextEncoder {
  private final SdSession part;
  private final TensorSpec ids;
  private final TensorSpec hidden;

  SdTextEncoder(SdSession part) {
    this.part = part;
    OrtSession s = part.session();
    this.ids = TensorSpec.input(s, "input_ids", part.file);
    if (ids == null || (ids.type() != OnnxJavaType.INT32 && ids.type() != OnnxJavaType.INT64)) {
      throw new OnnxModelException("model " + part.modelId + ": " + part.file + " must declare input "
          + "input_ids as int32 or int64, found " + (ids == null ? "none" : ids.type()));
    }
    this.hidden = TensorSpec.outputOrFirst(s, "last_hidden_state", part.file).requireFloat(part.file);
  }

  /** The declared hidden size, or -1 when symbolic. */
  long hiddenSize() {
    return hidden.dim(2);
  }

  /** The declared sequence length, or -1 when symbolic. */
  long sequenceLength() {
    return ids.dim(1);
  }

  float[][] encode(int[][] rows) {
    try (OnnxTensor in = FloatTensors.ids(rows, ids.type());
        OrtSession.Result out = part.run(Map.of("input_ids", in))) {
      return FloatTensors.rows(out.get(hidden.name()).orElseThrow(), rows.length,
          part.part + " output " + hidden.name());
    } catch (OrtException e) {
      throw new OnnxModelException("model " + part.modelId + ": cannot build input_ids: "
          + e.getMessage(), e);
    }
  }
}
