package io.genpipe.jobs.bench;

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
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's baseline: a bare greedy key/value-cache loop written directly against
 * {@code ai.onnxruntime}, with none of genpipe's runtime classes (only {@link OrtRuntime#env()},
 * for the JVM's one environment). Left-padded prefill of the whole batch, then one token per row
 * per step, feeding {@code present.*} back as {@code past_key_values.*} without copying; argmax;
 * no stopping, so every row gets exactly the requested number of tokens. Supports the plain
 * Optimum {@code model.onnx} with a float32 cache (as tinystories-260k and the demo model are).
 * The session is thread-safe; {@link #generate} may run on several threads at once.
 */
final class BareKvLoop implements AutoCloseable {
  /** Sees each forward step: cache length before it, rows, tokens fed per row, nanoseconds. */
  @FunctionalInterface
  interface StepTimer {
    StepTimer NONE = (past, rows, newTokens, nanos) -> {};

    void onStep(int pastLength, int rows, int newTokens, long nanos);
  }

  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final List<String> pastNames = new ArrayList<>();
  private final List<String> presentNames = new ArrayList<>();
  private final boolean positionIds;
  private final long kvHeads;
  private final long headDim;

  /**
   * @param intraOpThreads ONNX Runtime intra-op threads, 0 for its default (as genpipe's
   *     {@code SessionConf})
   */
  BareKvLoop(Path modelDir, int intraOpThreads) throws OrtException {
    Path file = modelDir.resolve("model.onnx");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("bare loop needs " + file + " (plain Optimum decoder with "
          + "past); merged and split exports are not supported by the baseline");
    }
    OrtEnvironment env = OrtRuntime.env();
    options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (intraOpThreads > 0) {
      options.setIntraOpNumThreads(intraOpThreads);
    }
    session = env.createSession(file.toString(), options);
    Map<String, NodeInfo> inputs = session.getInputInfo();
    for (int layer = 0; inputs.containsKey("past_key_values." + layer + ".key"); layer++) {
      for (String kind : List.of("key", "value")) {
        pastNames.add("past_key_values." + layer + "." + kind);
        presentNames.add("present." + layer + "." + kind);
      }
    }
    TensorInfo past = (TensorInfo) inputs.get(pastNames.get(0)).getInfo();
    if (past.type != OnnxJavaType.FLOAT || inputs.containsKey("use_cache_branch")) {
      throw new IllegalArgumentException("bare loop supports a float32 cache without "
          + "use_cache_branch; " + file + " has " + past.type);
    }
    positionIds = inputs.containsKey("position_ids");
    kvHeads = past.getShape()[1];
    headDim = past.getShape()[3];
  }

  /**
   * Greedy continuation of every prompt by exactly {@code newTokens} tokens.
   *
   * @return the new ids per row, [rows][newTokens]
   */
  long[][] generate(long[][] prompts, int newTokens, StepTimer timer) throws OrtException {
    int rows = prompts.length;
    int width = 0;
    for (long[] p : prompts) {
      width = Math.max(width, p.length);
    }
    int total = width + newTokens;
    // The mask of a row never changes once written: pads 0 on the left, then 1s. Each step views
    // a prefix of it.
    long[][] mask = new long[rows][total];
    long[] tokens = new long[rows * width];
    long[] positions = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      int pad = width - prompts[r].length;
      for (int c = 0; c < width; c++) {
        boolean real = c >= pad;
        tokens[r * width + c] = real ? prompts[r][c - pad] : 0;
        positions[r * width + c] = real ? c - pad : 1;
      }
      Arrays.fill(mask[r], pad, total, 1L);
    }
    long[][] out = new long[rows][newTokens];
    OrtSession.Result previous = null;
    try {
      int past = 0;
      int seq = width;
      for (int step = 0; step < newTokens; step++) {
        long t0 = System.nanoTime();
        OrtSession.Result result = run(tokens, positions, mask, rows, past, seq, previous);
        timer.onStep(past, rows, seq, System.nanoTime() - t0);
        if (previous != null) {
          previous.close();
        }
        previous = result;
        argmaxLastPosition((OnnxTensor) result.get("logits").orElseThrow(), out, step);
        past += seq;
        seq = 1;
        tokens = new long[rows];
        positions = new long[rows];
        for (int r = 0; r < rows; r++) {
          tokens[r] = out[r][step];
          positions[r] = past - (width - prompts[r].length);
        }
      }
      return out;
    } finally {
      if (previous != null) {
        previous.close();
      }
    }
  }

  private OrtSession.Result run(long[] tokens, long[] positions, long[][] mask, int rows, int past,
      int seq, OrtSession.Result previous) throws OrtException {
    OrtEnvironment env = OrtRuntime.env();
    Map<String, OnnxTensor> in = new HashMap<>();
    List<OnnxTensor> created = new ArrayList<>();
    try {
      in.put("input_ids", keep(created, longs(env, tokens, rows, seq)));
      in.put("attention_mask", keep(created, maskTensor(env, mask, past + seq)));
      if (positionIds) {
        in.put("position_ids", keep(created, longs(env, positions, rows, seq)));
      }
      for (int i = 0; i < pastNames.size(); i++) {
        in.put(pastNames.get(i), previous == null
            ? keep(created, OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                new long[] {rows, kvHeads, 0, headDim}))
            : (OnnxTensor) previous.get(presentNames.get(i)).orElseThrow());
      }
      return session.run(in);
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }

  private static OnnxTensor keep(List<OnnxTensor> created, OnnxTensor t) {
    created.add(t);
    return t;
  }

  private static OnnxTensor longs(OrtEnvironment env, long[] values, int rows, int cols)
      throws OrtException {
    LongBuffer buf = ByteBuffer.allocateDirect(values.length * Long.BYTES)
        .order(ByteOrder.nativeOrder()).asLongBuffer();
    buf.put(values).flip();
    return OnnxTensor.createTensor(env, buf, new long[] {rows, cols});
  }

  private static OnnxTensor maskTensor(OrtEnvironment env, long[][] mask, int width)
      throws OrtException {
    LongBuffer buf = ByteBuffer.allocateDirect(mask.length * width * Long.BYTES)
        .order(ByteOrder.nativeOrder()).asLongBuffer();
    for (long[] row : mask) {
      buf.put(row, 0, width);
    }
    buf.flip();
    return OnnxTensor.createTensor(env, buf, new long[] {mask.length, width});
  }

  /** Argmax (lowest id wins a tie) at the last position of [rows, seq, vocab] logits. */
  private static void argmaxLastPosition(OnnxTensor logits, long[][] out, int step) {
    long[] shape = logits.getInfo().getShape();
    int seq = (int) shape[1];
    int vocab = (int) shape[2];
    FloatBuffer all = logits.getFloatBuffer();
    for (int r = 0; r < out.length; r++) {
      int base = (r * seq + seq - 1) * vocab;
      int best = 0;
      float bestValue = all.get(base);
      for (int v = 1; v < vocab; v++) {
        float x = all.get(base + v);
        if (x > bestValue) {
          bestValue = x;
          best = v;
        }
      }
      out[r][step] = best;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing bare-loop session failed: " + e.getMessage(), e);
    } finally {
      options.close();
    }
  }
}
