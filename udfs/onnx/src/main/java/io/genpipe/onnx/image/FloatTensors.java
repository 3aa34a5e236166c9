package io.genpipe.onnx.image;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import io.genpipe.onnx.OnnxModelException;
import io.genpipe.onnx.OrtRuntime;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/** Tensors in the element types Stable Diffusion exports declare (float32/float16, int32/int64). */
final class FloatTensors {
  private FloatTensors() {}

  /** Row-major rows stacked into one tensor of {@code shape} (batch first). */
  static OnnxTensor stack(float[][] rows, long[] shape, OnnxJavaType type) throws OrtException {
    int width = rows.length == 0 ? 0 : rows[0].length;
    FloatBuffer all = FloatBuffer.allocate(rows.length * width);
    for (float[] row : rows) {
      all.put(row);
    }
    all.flip();
    if (type == OnnxJavaType.FLOAT16) {
      return OnnxTensor.createTensor(OrtRuntime.env(), Fp16Conversions.convertFloatBufferToFp16Buffer(all),
          shape, OnnxJavaType.FLOAT16);
    }
    return OnnxTensor.createTensor(OrtRuntime.env(), all, shape);
  }

  /** [rows, cols] ids in the declared integer type. */
  static OnnxTensor ids(int[][] ids, OnnxJavaType type) throws OrtException {
    int cols = ids.length == 0 ? 0 : ids[0].length;
    long[] shape = {ids.length, cols};
    if (type == OnnxJavaType.INT32) {
      IntBuffer buf = IntBuffer.allocate(ids.length * cols);
      for (int[] row : ids) {
        buf.put(row);
      }
      return OnnxTensor.createTensor(OrtRuntime.env(), buf.flip(), shape);
    }
    LongBuffer buf = LongBuffer.allocate(ids.length * cols);
    for (int[] row : ids) {
      for (int id : row) {
        buf.put(id);
      }
    }
    return OnnxTensor.createTensor(OrtRuntime.env(), buf.flip(), shape);
  }

  /**
   * The timestep as declared: a 0-d scalar or one value per row; integer types truncate like
   * numpy's {@code astype} in diffusers' ONNX pipeline.
   */
  static OnnxTensor timestep(double t, int rows, TensorSpec spec) throws OrtException {
    long[] shape = spec.shape().length == 0 ? new long[0] : new long[] {rows};
    int n = shape.length == 0 ? 1 : rows;
    return switch (spec.type()) {
      case INT64 -> {
        long[] v = new long[n];
        java.util.Arrays.fill(v, (long) t);
        yield OnnxTensor.createTensor(OrtRuntime.env(), LongBuffer.wrap(v), shape);
      }
      case INT32 -> {
        int[] v = new int[n];
        java.util.Arrays.fill(v, (int) t);
        yield OnnxTensor.createTensor(OrtRuntime.env(), IntBuffer.wrap(v), shape);
      }
      case FLOAT, FLOAT16 -> {
        float[] v = new float[n];
        java.util.Arrays.fill(v, (float) t);
        yield stack(new float[][] {v}, shape, spec.type());
      }
      default -> throw new OnnxModelException("UNet input timestep is declared " + spec.type()
          + "; expected int64, int32, float32 or float16");
    };
  }

  /** A float32/float16 output split into {@code rows} equal rows. */
  static float[][] rows(OnnxValue value, int rows, String what) {
    if (!(value instanceof OnnxTensor t)) {
      throw new OnnxModelException(what + " is not a tensor");
    }
    FloatBuffer all = switch (t.getInfo().type) {
      case FLOAT -> t.getFloatBuffer();
      case FLOAT16 -> Fp16Conversions.convertFp16BufferToFloatBuffer(t.getShortBuffer());
      default -> throw new OnnxModelException(what + " is " + t.getInfo().type
          + "; expected float32 or float16");
    };
    int total = all.remaining();
    if (rows == 0 || total % rows != 0) {
      throw new OnnxModelException(what + " has " + total + " values, not a multiple of " + rows + " rows");
    }
    float[][] out = new float[rows][total / rows];
    for (float[] row : out) {
      all.get(row);
    }
    return out;
  }
}
