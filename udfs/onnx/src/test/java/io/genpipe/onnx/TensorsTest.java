package io.genpipe.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The last-position read of logits written in place (a pinned output in genpipe's buffer) equals
 * the read through ONNX Runtime's copy of the whole tensor, for float32 and float16.
 */
class TensorsTest {
  private static final long[] SHAPE = {3, 5, 7};

  @Test
  void lastPositionsReadInPlaceEqualTheCopiedOnes() throws OrtException {
    for (OnnxJavaType type : new OnnxJavaType[] {OnnxJavaType.FLOAT, OnnxJavaType.FLOAT16}) {
      ByteBuffer data = ByteBuffer.allocateDirect(3 * 5 * 7 * Tensors.floatBytes(type))
          .order(ByteOrder.nativeOrder());
      SplittableRandom rnd = new SplittableRandom(3);
      for (int i = 0; i < 3 * 5 * 7; i++) {
        float v = (float) rnd.nextDouble(-4, 4);
        if (type == OnnxJavaType.FLOAT16) {
          data.putShort(Fp16Conversions.floatToFp16(v));
        } else {
          data.putFloat(v);
        }
      }
      data.flip();
      try (OnnxTensor t = OnnxTensor.createTensor(OrtRuntime.env(), data, SHAPE, type)) {
        float[][] copied = Tensors.lastPosition(t);
        float[][] inPlace = Tensors.lastPosition(data, SHAPE, type);
        for (int r = 0; r < SHAPE[0]; r++) {
          assertArrayEquals(copied[r], inPlace[r], type + " row " + r);
        }
      }
    }
  }
}
