package io.genpipe.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/** Tensor construction and reading in the element types models declare. */
final class Tensors {
  private static final OrtEnvironment ENV = OrtRuntime.env();

  private Tensors() {}

  /** A [rows, cols] integer tensor of the declared type (int64 or int32). */
  static OnnxTensor ints(long[][] values, OnnxJavaType type) throws OrtException {
    int rows = values.length;
    int cols = rows == 0 ? 0 : values[0].length;
    long[] shape = {rows, cols};
    if (type == OnnxJavaType.INT32) {
      IntBuffer buf = IntBuffer.allocate(rows * cols);
      for (long[] row : values) {
        for (long v : row) {
          buf.put(Math.toIntExact(v));
        }
      }
      return OnnxTensor.createTensor(ENV, buf.flip(), shape);
    }
    LongBuffer buf = LongBuffer.allocate(rows * cols);
    for (long[] row : values) {
      buf.put(row);
    }
    return OnnxTensor.createTensor(ENV, buf.flip(), shape);
  }

  /** A zero-filled float32/float16 tensor (an empty or dummy cache). */
  static OnnxTensor zeros(long[] shape, OnnxJavaType type) throws OrtException {
    int n = Math.toIntExact(elements(shape));
    if (type == OnnxJavaType.FLOAT16) {
      return OnnxTensor.createTensor(ENV, ShortBuffer.allocate(n), shape, OnnxJavaType.FLOAT16);
    }
    return OnnxTensor.createTensor(ENV, FloatBuffer.allocate(n), shape);
  }

  static OnnxTensor bool(boolean value) throws OrtException {
    return OnnxTensor.createTensor(ENV, new boolean[] {value});
  }

  /** The scores at the last sequence position of a [rows, seq, vocab] logits tensor. */
  static float[][] lastPosition(OnnxTensor logits) {
    long[] shape = logits.getInfo().getShape();
    int rows = (int) shape[0];
    int seq = (int) shape[1];
    int vocab = (int) shape[2];
    FloatBuffer all = asFloats(logits);
    float[][] out = new float[rows][vocab];
    for (int r = 0; r < rows; r++) {
      all.position((r * seq + seq - 1) * vocab);
      all.get(out[r]);
    }
    return out;
  }

  /**
   * The scores at the last sequence position of a [rows, seq, vocab] float32/float16 tensor held
   * in {@code data} (native order), reading only those positions.
   */
  static float[][] lastPosition(ByteBuffer data, long[] shape, OnnxJavaType type) {
    int rows = (int) shape[0];
    int seq = (int) shape[1];
    int vocab = (int) shape[2];
    float[][] out = new float[rows][vocab];
    for (int r = 0; r < rows; r++) {
      int first = (r * seq + seq - 1) * vocab;
      if (type == OnnxJavaType.FLOAT16) {
        ShortBuffer halves = data.asShortBuffer();
        for (int i = 0; i < vocab; i++) {
          out[r][i] = Fp16Conversions.fp16ToFloat(halves.get(first + i));
        }
      } else {
        data.asFloatBuffer().position(first).get(out[r]);
      }
    }
    return out;
  }

  /** Bytes of one element of a float32/float16 tensor. */
  static int floatBytes(OnnxJavaType type) {
    return type == OnnxJavaType.FLOAT16 ? Short.BYTES : Float.BYTES;
  }

  private static FloatBuffer asFloats(OnnxTensor t) {
    if (t.getInfo().type == OnnxJavaType.FLOAT16) {
      return Fp16Conversions.convertFp16BufferToFloatBuffer(t.getShortBuffer());
    }
    if (t.getInfo().type != OnnxJavaType.FLOAT) {
      throw new OnnxModelException("logits are " + t.getInfo().type + "; expected float32 or float16");
    }
    return t.getFloatBuffer();
  }

  /** A copy of {@code t} (batch first) holding only the listed batch rows, in that order. */
  static OnnxTensor selectRows(OnnxTensor t, int[] rows) throws OrtException {
    TensorInfo info = t.getInfo();
    long[] shape = info.getShape().clone();
    ByteBuffer src = t.getByteBuffer().order(ByteOrder.nativeOrder());
    int rowBytes = Math.toIntExact(src.capacity() / shape[0]);
    ByteBuffer dst = ByteBuffer.allocateDirect(rowBytes * rows.length).order(ByteOrder.nativeOrder());
    for (int r : rows) {
      dst.put(src.slice(r * rowBytes, rowBytes));
    }
    shape[0] = rows.length;
    return OnnxTensor.createTensor(ENV, dst.flip(), shape, info.type);
  }

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
