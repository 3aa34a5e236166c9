package io.genpipe.testing;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A naive test-side driver of a decoder in the Optimum contract, written from the contract
 * (CONTRACTS.md §1) rather than from the generator: it reads the declared inputs to decide
 * whether to feed {@code position_ids} / {@code use_cache_branch}, and the declared past type
 * (float32 or float16). The cache travels as plain float arrays between steps.
 */
final class DecoderRunner implements AutoCloseable {

  /** A float tensor copied out of ORT. */
  record Tensor(float[] data, long[] shape) {}

  /** One run's outputs: logits [B,S,V] and the presents in declared order. */
  record Step(Tensor logits, List<Tensor> presents) {
    float[] lastLogits(int row) {
      int seq = (int) logits.shape()[1];
      int vocab = (int) logits.shape()[2];
      float[] out = new float[vocab];
      System.arraycopy(logits.data(), (row * seq + seq - 1) * vocab, out, 0, vocab);
      return out;
    }
  }

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
  private final OrtSession session;
  private final List<String> pastNames = new ArrayList<>();
  private final boolean float16;
  private final long kvHeads;
  private final long headDim;

  DecoderRunner(Path modelFile) throws OrtException {
    session = env.createSession(modelFile.toString(), options);
    for (String name : session.getInputNames()) {
      if (name.startsWith("past_key_values.")) {
        pastNames.add(name);
      }
    }
    TensorInfo past = (TensorInfo) session.getInputInfo().get(pastNames.get(0)).getInfo();
    float16 = past.type == OnnxJavaType.FLOAT16;
    kvHeads = past.getShape()[1];
    headDim = past.getShape()[3];
  }

  boolean isMerged() {
    return session.getInputNames().contains("use_cache_branch");
  }

  /** First step: empty past (merged: a garbage dummy past of length 1 and use_cache_branch=false). */
  Step prefill(long[][] ids, long[][] mask) throws OrtException {
    int batch = ids.length;
    long pastLength = isMerged() ? 1 : 0;
    List<Tensor> past = new ArrayList<>();
    for (int i = 0; i < pastNames.size(); i++) {
      float[] dummy = new float[(int) (batch * kvHeads * pastLength * headDim)];
      java.util.Arrays.fill(dummy, 100f);
      past.add(new Tensor(dummy, new long[] {batch, kvHeads, pastLength, headDim}));
    }
    return run(ids, mask, past, false);
  }

  /** A later step: feeds the previous presents back as the past. */
  Step next(long[][] ids, long[][] mask, Step previous) throws OrtException {
    return run(ids, mask, previous.presents(), true);
  }

  /** Full recompute without cache of one unpadded sequence; returns the last-position logits. */
  float[] recomputeLast(List<Long> tokens) throws OrtException {
    long[][] ids = {tokens.stream().mapToLong(Long::longValue).toArray()};
    long[][] mask = {new long[tokens.size()]};
    java.util.Arrays.fill(mask[0], 1L);
    return prefill(ids, mask).lastLogits(0);
  }

  private Step run(long[][] ids, long[][] mask, List<Tensor> past, boolean useCache) throws OrtException {
    List<OnnxTensor> owned = new ArrayList<>();
    try {
      Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
      inputs.put("input_ids", own(owned, longs(ids)));
      inputs.put("attention_mask", own(owned, longs(mask)));
      if (session.getInputNames().contains("position_ids")) {
        inputs.put("position_ids", own(owned, longs(positionIds(mask, ids[0].length))));
      }
      for (int i = 0; i < pastNames.size(); i++) {
        inputs.put(pastNames.get(i), own(owned, cacheTensor(past.get(i))));
      }
      if (isMerged()) {
        inputs.put("use_cache_branch", own(owned, OnnxTensor.createTensor(env, new boolean[] {useCache})));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        List<Tensor> presents = new ArrayList<>();
        for (String name : pastNames) {
          presents.add(read((OnnxTensor) result.get(name.replace("past_key_values.", "present.")).get()));
        }
        return new Step(read((OnnxTensor) result.get("logits").get()), presents);
      }
    } finally {
      for (OnnxTensor t : owned) {
        t.close();
      }
    }
  }

  /** {@code cumsum(mask) - 1} for the last {@code seq} columns; pads get 1 (as transformers does). */
  static long[][] positionIds(long[][] mask, int seq) {
    long[][] out = new long[mask.length][seq];
    for (int b = 0; b < mask.length; b++) {
      long sum = 0;
      int offset = mask[b].length - seq;
      for (int t = 0; t < mask[b].length; t++) {
        sum += mask[b][t];
        if (t >= offset) {
          out[b][t - offset] = mask[b][t] == 0 ? 1 : sum - 1;
        }
      }
    }
    return out;
  }

  private OnnxTensor cacheTensor(Tensor t) throws OrtException {
    if (!float16) {
      return OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape());
    }
    ShortBuffer bits = ShortBuffer.allocate(t.data().length);
    for (float v : t.data()) {
      bits.put(Fp16Conversions.floatToFp16(v));
    }
    bits.rewind();
    return OnnxTensor.createTensor(env, bits, t.shape(), OnnxJavaType.FLOAT16);
  }

  private OnnxTensor longs(long[][] values) throws OrtException {
    LongBuffer flat = LongBuffer.allocate(values.length * values[0].length);
    for (long[] row : values) {
      flat.put(row);
    }
    flat.rewind();
    return OnnxTensor.createTensor(env, flat, new long[] {values.length, values[0].length});
  }

  private static Tensor read(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] data = new float[buffer.remaining()];
    buffer.get(data);
    return new Tensor(data, tensor.getInfo().getShape());
  }

  private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
    owned.add(tensor);
    return tensor;
  }

  @Override
  public void close() throws OrtException {
    session.close();
    options.close();
  }
}
