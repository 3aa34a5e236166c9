package io.genpipe.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.genpipe.runtime.generate.DecoderState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key/value cache of one batch. The {@code present.*} outputs of a step are fed back as the
 * next step's {@code past_key_values.*} without copying; only {@link #retain} copies (the rows that
 * stay). Owns every tensor it holds and closes them.
 */
final class OnnxDecoderState implements DecoderState {
  private final OnnxCausalLm lm;
  private int rows;
  private int pastLength;
  /** The last step's outputs, which own the current cache tensors (null before the first step). */
  private OrtSession.Result lastResult;
  /** Cache tensors by past input name: views into lastResult, or copies owned by this state. */
  private final Map<String, OnnxTensor> cache = new HashMap<>();
  private final List<OnnxTensor> ownedCache = new ArrayList<>();
  private boolean closed;
  private ByteBuffer logitsBuffer;

  OnnxDecoderState(OnnxCausalLm lm, int rows) {
    this.lm = lm;
    this.rows = rows;
  }

  @Override
  public float[][] step(long[][] tokens, long[][] attentionMask) {
    if (closed) {
      throw new IllegalStateException("decoder state of model " + lm.modelId + " is closed");
    }
    if (tokens.length != rows || attentionMask.length != rows
        || attentionMask[0].length != pastLength + tokens[0].length) {
      throw new IllegalArgumentException("step of model " + lm.modelId + " got " + tokens.length
          + " rows, mask width " + attentionMask[0].length + "; expected " + rows + " rows and "
          + (pastLength + tokens[0].length));
    }
    boolean first = lastResult == null && ownedCache.isEmpty();
    OpenSession session = first && lm.firstStep != null ? lm.firstStep : lm.withPast;
    List<OnnxTensor> created = new ArrayList<>();
    try {
      Map<String, OnnxTensor> inputs = inputs(tokens, attentionMask, first, session, created);
      float[][] logits;
      OrtSession.Result result;
      if (lm.layout.logitsShapeDeclared) {
        long[] shape = {rows, tokens[0].length, lm.layout.vocabSize};
        ByteBuffer into = logitsBuffer(shape);
        OnnxTensor pinned = track(created, OnnxTensor.createTensor(OrtRuntime.env(), into, shape,
            lm.layout.logitsType));
        result = session.session().run(inputs, lm.layout.presentNames,
            Map.of(DecoderLayout.LOGITS, pinned));
        logits = Tensors.lastPosition(into, shape, lm.layout.logitsType);
      } else {
        result = session.session().run(inputs);
        logits = Tensors.lastPosition(output(result, DecoderLayout.LOGITS));
      }
      replaceCache(result);
      pastLength += tokens[0].length;
      return logits;
    } catch (OrtException e) {
      throw new OnnxModelException("model " + lm.modelId + " failed a step with " + rows + " rows, "
          + tokens[0].length + " new tokens, past " + pastLength + " (" + e.getCode() + "): "
          + e.getMessage(), e);
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }

  /**
   * A direct buffer for the step's logits, which ONNX Runtime writes in place (a pinned output):
   * only the last position of each row is read from it, where copying the whole
   * [rows, seq, vocab] tensor to the heap would cost gigabytes on a long prefill with a large
   * vocabulary. Reused across steps; the prefill's large buffer is dropped for the smaller ones.
   */
  private ByteBuffer logitsBuffer(long[] shape) {
    long bytes = Tensors.elements(shape) * Tensors.floatBytes(lm.layout.logitsType);
    if (bytes > Integer.MAX_VALUE) {
      throw new OnnxModelException("model " + lm.modelId + ": logits of " + rows + " rows x "
          + shape[1] + " positions x vocab " + shape[2] + " exceed 2 GB; use a smaller batch-size");
    }
    if (logitsBuffer == null || logitsBuffer.capacity() < bytes || logitsBuffer.capacity() > 4 * bytes) {
      logitsBuffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }
    return logitsBuffer.clear().limit((int) bytes).slice().order(ByteOrder.nativeOrder());
  }

  private Map<String, OnnxTensor> inputs(long[][] tokens, long[][] mask, boolean first,
      OpenSession session, List<OnnxTensor> created) throws OrtException {
    DecoderLayout layout = lm.layout;
    Map<String, OnnxTensor> in = new HashMap<>();
    in.put(DecoderLayout.INPUT_IDS, track(created, Tensors.ints(tokens, layout.idsType)));
    in.put(DecoderLayout.ATTENTION_MASK, track(created, Tensors.ints(mask, layout.maskType)));
    if (layout.positionIds) {
      in.put(DecoderLayout.POSITION_IDS,
          track(created, Tensors.ints(positions(mask, tokens[0].length), layout.idsType)));
    }
    boolean takesPast = session.session().getInputNames().contains(layout.slots.get(0).pastName());
    if (takesPast) {
      // Merged decoders ignore the past on their no-cache branch, but their graphs want a past of
      // length 1 there (as Optimum feeds it); plain decoders take a past of length 0.
      long dummy = layout.useCacheBranch ? 1 : 0;
      for (DecoderLayout.CacheSlot slot : layout.slots) {
        OnnxTensor past = first
            ? track(created, Tensors.zeros(new long[] {rows, layout.kvHeads, dummy, layout.headDim},
                layout.kvType))
            : cache.get(slot.pastName());
        in.put(slot.pastName(), past);
      }
    }
    if (layout.useCacheBranch) {
      in.put(DecoderLayout.USE_CACHE_BRANCH, track(created, Tensors.bool(!first)));
    }
    return in;
  }

  /** {@code cumsum(mask) - 1} over the new positions, 1 on pads (as Hugging Face does). */
  static long[][] positions(long[][] mask, int newTokens) {
    long[][] out = new long[mask.length][newTokens];
    for (int r = 0; r < mask.length; r++) {
      long seen = 0;
      int offset = mask[r].length - newTokens;
      for (int c = 0; c < mask[r].length; c++) {
        seen += mask[r][c];
        if (c >= offset) {
          out[r][c - offset] = mask[r][c] == 0 ? 1 : seen - 1;
        }
      }
    }
    return out;
  }

  private static OnnxTensor track(List<OnnxTensor> created, OnnxTensor t) {
    created.add(t);
    return t;
  }

  private OnnxTensor output(OrtSession.Result result, String name) {
    OnnxValue v = result.get(name).orElseThrow(() -> new OnnxModelException(
        "model " + lm.modelId + " returned no '" + name + "' output"));
    return (OnnxTensor) v;
  }

  private void replaceCache(OrtSession.Result result) {
    closeCache();
    lastResult = result;
    for (DecoderLayout.CacheSlot slot : lm.layout.slots) {
      cache.put(slot.pastName(), output(result, slot.presentName()));
    }
  }

  @Override
  public void retain(int[] keep) {
    if (lastResult == null && ownedCache.isEmpty()) {
      throw new IllegalStateException("retain before the first step");
    }
    Map<String, OnnxTensor> copies = new HashMap<>();
    try {
      for (Map.Entry<String, OnnxTensor> e : cache.entrySet()) {
        copies.put(e.getKey(), Tensors.selectRows(e.getValue(), keep));
      }
    } catch (OrtException e) {
      copies.values().forEach(OnnxTensor::close);
      throw new OnnxModelException("model " + lm.modelId + ": cannot compact the cache", e);
    }
    closeCache();
    cache.putAll(copies);
    ownedCache.addAll(copies.values());
    rows = keep.length;
  }

  private void closeCache() {
    cache.clear();
    ownedCache.forEach(OnnxTensor::close);
    ownedCache.clear();
    if (lastResult != null) {
      lastResult.close();
      lastResult = null;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeCache();
      logitsBuffer = null;
    }
  }
}
