package io.genpipe.jobs.bench.image;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.genpipe.onnx.OrtRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The baseline of the UNet step: the same {@code unet/model.onnx} called directly through
 * {@code ai.onnxruntime} (session options as genpipe's: all graph optimisations, the same intra-op
 * threads), with none of genpipe's classes but {@link OrtRuntime#env()}. Inputs as a guided
 * Stable Diffusion step feeds them: {@code sample} [2B, 4, h, w] random, {@code timestep} in its
 * declared type and rank, {@code encoder_hidden_states} [2B, 77, hidden] random (and
 * {@code timestep_cond} [2B, d] when declared). Supports float32 exports (as the demo model).
 */
final class BareUnet implements AutoCloseable {
  static final int SEQUENCE = 77;

  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final OnnxJavaType timestepType;
  private final boolean scalarTimestep;
  private final long hidden;
  private final long condDim;
  private final String output;

  BareUnet(Path unetFile, int intraOpThreads) throws OrtException {
    OrtEnvironment env = OrtRuntime.env();
    options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (intraOpThreads > 0) {
      options.setIntraOpNumThreads(intraOpThreads);
    }
    session = env.createSession(unetFile.toString(), options);
    Map<String, NodeInfo> in = session.getInputInfo();
    TensorInfo sample = info(in, "sample", unetFile);
    TensorInfo t = info(in, "timestep", unetFile);
    TensorInfo states = info(in, "encoder_hidden_states", unetFile);
    if (sample.type != OnnxJavaType.FLOAT || states.type != OnnxJavaType.FLOAT) {
      throw new IllegalArgumentException("the bare UNet baseline feeds float32; " + unetFile
          + " declares sample " + sample.type + ", encoder_hidden_states " + states.type);
    }
    timestepType = t.type;
    scalarTimestep = t.getShape().length == 0;
    hidden = states.getShape()[2];
    if (hidden <= 0) {
      throw new IllegalArgumentException(unetFile + " declares no fixed hidden size");
    }
    condDim = in.containsKey("timestep_cond")
        ? info(in, "timestep_cond", unetFile).getShape()[1] : 0;
    output = session.getOutputNames().iterator().next();
  }

  private static TensorInfo info(Map<String, NodeInfo> in, String name, Path file) {
    NodeInfo n = in.get(name);
    if (n == null || !(n.getInfo() instanceof TensorInfo t)) {
      throw new IllegalArgumentException(file + " has no tensor input " + name);
    }
    return t;
  }

  long hidden() {
    return hidden;
  }

  /**
   * Mean milliseconds per UNet call over {@code steps} calls on one set of inputs.
   *
   * @param unetRows rows of the UNet batch (2 × images when guided)
   * @param perStepInputs false: input tensors are made once from direct buffers and reused (the
   *     floor); true: every step builds its inputs from heap arrays and copies the output into
   *     per-row arrays, as genpipe's UNet wrapper does
   */
  double msPerStep(int unetRows, int lh, int lw, int steps, boolean perStepInputs)
      throws OrtException {
    SplittableRandom rng = new SplittableRandom(7);
    int sampleLen = 4 * lh * lw;
    float[][] samples = new float[unetRows][sampleLen];
    float[][] states = new float[unetRows][(int) (SEQUENCE * hidden)];
    float[][] cond = new float[unetRows][(int) condDim];
    for (float[] r : samples) {
      fill(r, rng);
    }
    for (float[] r : states) {
      fill(r, rng);
    }
    for (float[] r : cond) {
      fill(r, rng);
    }
    long[] sampleShape = {unetRows, 4, lh, lw};
    long[] stateShape = {unetRows, SEQUENCE, hidden};
    long[] condShape = {unetRows, condDim};
    OrtEnvironment env = OrtRuntime.env();
    Map<String, OnnxTensor> fixed = new HashMap<>();
    try {
      if (!perStepInputs) {
        fixed.put("sample", direct(env, samples, sampleShape));
        fixed.put("timestep", timestep(env, 500, unetRows));
        fixed.put("encoder_hidden_states", direct(env, states, stateShape));
        if (condDim > 0) {
          fixed.put("timestep_cond", direct(env, cond, condShape));
        }
      }
      long t0 = System.nanoTime();
      for (int step = 0; step < steps; step++) {
        if (perStepInputs) {
          Map<String, OnnxTensor> in = new HashMap<>();
          try {
            in.put("sample", heap(env, samples, sampleShape));
            in.put("timestep", timestep(env, 999 - step, unetRows));
            in.put("encoder_hidden_states", heap(env, states, stateShape));
            if (condDim > 0) {
              in.put("timestep_cond", heap(env, cond, condShape));
            }
            try (OrtSession.Result r = session.run(in)) {
              FloatBuffer all = ((OnnxTensor) r.get(0)).getFloatBuffer();
              float[][] rows = new float[unetRows][sampleLen];
              for (float[] row : rows) {
                all.get(row);
              }
            }
          } finally {
            in.values().forEach(OnnxTensor::close);
          }
        } else {
          try (OrtSession.Result r = session.run(fixed)) {
            ((OnnxTensor) r.get(0)).getFloatBuffer();
          }
        }
      }
      return (System.nanoTime() - t0) / 1e6 / steps;
    } finally {
      fixed.values().forEach(OnnxTensor::close);
    }
  }

  private static void fill(float[] a, SplittableRandom rng) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rng.nextDouble() * 2 - 1);
    }
  }

  private static OnnxTensor direct(OrtEnvironment env, float[][] rows, long[] shape)
      throws OrtException {
    int width = rows[0].length;
    FloatBuffer buf = ByteBuffer.allocateDirect(rows.length * width * Float.BYTES)
        .order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (float[] r : rows) {
      buf.put(r);
    }
    return OnnxTensor.createTensor(env, buf.flip(), shape);
  }

  private static OnnxTensor heap(OrtEnvironment env, float[][] rows, long[] shape)
      throws OrtException {
    FloatBuffer buf = FloatBuffer.allocate(rows.length * rows[0].length);
    for (float[] r : rows) {
      buf.put(r);
    }
    return OnnxTensor.createTensor(env, buf.flip(), shape);
  }

  private OnnxTensor timestep(OrtEnvironment env, double t, int rows) throws OrtException {
    long[] shape = scalarTimestep ? new long[0] : new long[] {rows};
    int n = scalarTimestep ? 1 : rows;
    return switch (timestepType) {
      case INT64 -> {
        long[] v = new long[n];
        java.util.Arrays.fill(v, (long) t);
        yield OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape);
      }
      case INT32 -> {
        int[] v = new int[n];
        java.util.Arrays.fill(v, (int) t);
        yield OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape);
      }
      case FLOAT -> {
        float[] v = new float[n];
        java.util.Arrays.fill(v, (float) t);
        yield OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
      }
      default -> throw new IllegalArgumentException("the bare UNet baseline does not feed a "
          + timestepType + " timestep");
    };
  }

  /** The declared inputs, for the report. */
  String describe() throws OrtException {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
      TensorInfo t = (TensorInfo) e.getValue().getInfo();
      sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
          .append(t.type.toString().toLowerCase(java.util.Locale.ROOT))
          .append(java.util.Arrays.toString(t.getShape()));
    }
    return sb.toString();
  }

  @Override
  public void close() throws OrtException {
    try {
      session.close();
    } finally {
      options.close();
    }
  }

  static List<String> prompts() {
    return List.of("a lighthouse on a cliff at dawn", "a red fox in fresh snow",
        "an astronaut riding a horse", "a bowl of ramen, studio photo",
        "a watercolor city skyline at dusk", "a cat wearing sunglasses",
        "mountains reflected in a still lake", "a steam train crossing a bridge");
  }
}
