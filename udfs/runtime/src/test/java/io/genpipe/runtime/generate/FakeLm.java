package io.genpipe.runtime.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A slow, obviously-correct causal LM for tests. It keeps no real key/value cache: every step it
 * rebuilds each row's visible history from everything fed so far and the attention mask (pads
 * dropped), splits it into prompt and generated tokens, and asks {@link Scores} for the next-token
 * logits. The state checks the {@link DecoderState} contract on every call (left padding, mask
 * width = cache length + new tokens, past mask unchanged, retain indices) and throws
 * {@link AssertionError} (not caught by production code) when the generation loop breaks it.
 */
final class FakeLm implements CausalLm {
  /** Next-token scores of a row from its visible prompt and the tokens generated so far. */
  @FunctionalInterface
  interface Scores {
    float[] next(long[] prompt, long[] generated);
  }

  /** True when the model should fail on this row (a runtime error from step()). */
  @FunctionalInterface
  interface Fault {
    boolean fails(long[] prompt, long[] generated);
  }

  final int vocab;
  final int context;
  final long pad;
  final Scores scores;
  volatile Fault fault = (p, g) -> false;
  final List<State> states = Collections.synchronizedList(new ArrayList<>());

  FakeLm(int vocab, int context, long pad, Scores scores) {
    this.vocab = vocab;
    this.context = context;
    this.pad = pad;
    this.scores = scores;
  }

  @Override
  public DecoderState start(int batchSize) {
    State s = new State(batchSize);
    states.add(s);
    return s;
  }

  @Override
  public int vocabSize() {
    return vocab;
  }

  @Override
  public int contextLength() {
    return context;
  }

  @Override
  public long padTokenId() {
    return pad;
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }

  /** Pseudo-random scores, a deterministic function of the whole visible history. */
  static Scores hashed(int vocab, double spread) {
    return (prompt, generated) -> {
      long h = 0x51ED270B27A1F3C5L;
      for (long t : prompt) {
        h = (h ^ t) * 0x100000001B3L + 17;
      }
      for (long t : generated) {
        h = (h ^ t) * 0x100000001B3L + 17;
      }
      SplittableRandom r = new SplittableRandom(h);
      float[] out = new float[vocab];
      for (int i = 0; i < vocab; i++) {
        out[i] = (float) (r.nextGaussian() * spread);
      }
      return out;
    };
  }

  /**
   * Greedy-friendly scores that spell out {@code script.apply(prompt)} one token per step (one-hot
   * at 10, 0 elsewhere), then {@code after} forever.
   */
  static Scores scripted(int vocab, Function<long[], long[]> script, long after) {
    return (prompt, generated) -> {
      long[] continuation = script.apply(prompt);
      long target = generated.length < continuation.length ? continuation[generated.length] : after;
      float[] out = new float[vocab];
      out[(int) target] = 10f;
      return out;
    };
  }

  final class State implements DecoderState {
    final int batch;
    /** Every token fed per row, pads included, and the mask seen so far. */
    private final List<long[]> fed = new ArrayList<>();
    private final List<long[]> masks = new ArrayList<>();
    private final List<Integer> promptLengths = new ArrayList<>();
    private int cache;
    final List<int[]> retained = new ArrayList<>();
    /** (rows, new tokens, cache length before) per step. */
    final List<int[]> steps = new ArrayList<>();
    boolean closed;

    State(int batch) {
      this.batch = batch;
    }

    int rows() {
      return cache == 0 ? batch : fed.size();
    }

    @Override
    public float[][] step(long[][] tokens, long[][] attentionMask) {
      check(!closed, "step after close");
      int rows = rows();
      check(tokens.length == rows, "tokens for " + tokens.length + " rows, state has " + rows);
      check(attentionMask.length == rows, "mask for " + attentionMask.length + " rows, has " + rows);
      int w = tokens[0].length;
      check(cache == 0 ? w >= 1 : w == 1, "step " + steps.size() + " feeds " + w + " tokens");
      List<long[]> newFed = new ArrayList<>();
      float[][] logits = new float[rows][];
      for (int i = 0; i < rows; i++) {
        long[] t = tokens[i];
        long[] m = attentionMask[i];
        check(t.length == w, "ragged tokens");
        check(m.length == cache + w,
            "mask width " + m.length + " != cache " + cache + " + new tokens " + w);
        for (long id : t) {
          check(id >= 0 && id < vocab, "token id " + id + " outside the vocabulary");
        }
        if (cache == 0) {
          int firstReal = 0;
          while (firstReal < w && m[firstReal] == 0) {
            check(t[firstReal] == pad, "pad position fed " + t[firstReal] + ", not the pad id");
            firstReal++;
          }
          check(firstReal < w, "row " + i + " has no real prompt token");
          for (int j = firstReal; j < w; j++) {
            check(m[j] == 1, "prompt is not left-padded: mask " + Arrays.toString(m));
          }
        } else {
          check(Arrays.equals(Arrays.copyOf(m, cache), masks.get(i)),
              "row " + i + ": past mask changed");
          check(m[cache] == 1, "new token masked out");
        }
        long[] all = cache == 0 ? t.clone() : concat(fed.get(i), t);
        newFed.add(all);
        long[] visible = visible(all, m);
        check(visible.length <= context,
            "row " + i + " sees " + visible.length + " positions, context is " + context);
        int promptLength = cache == 0 ? visible.length : promptLengths.get(i);
        long[] prompt = Arrays.copyOf(visible, promptLength);
        long[] generated = Arrays.copyOfRange(visible, promptLength, visible.length);
        if (fault.fails(prompt, generated)) {
          throw new IllegalStateException("fake model failure at step " + steps.size()
              + " on prompt " + Arrays.toString(prompt));
        }
        logits[i] = scores.next(prompt, generated);
        check(logits[i].length == vocab, "scores of the wrong width");
        if (cache == 0) {
          promptLengths.add(promptLength);
        }
      }
      for (int i = 0; i < rows; i++) {
        if (cache == 0) {
          fed.add(newFed.get(i));
          masks.add(attentionMask[i].clone());
        } else {
          fed.set(i, newFed.get(i));
          masks.set(i, attentionMask[i].clone());
        }
      }
      steps.add(new int[] {rows, w, cache});
      cache += w;
      return logits;
    }

    @Override
    public void retain(int[] rows) {
      check(!closed, "retain after close");
      check(cache > 0, "retain before the first step");
      check(rows.length > 0 && rows.length < fed.size(),
          "retain " + rows.length + " of " + fed.size() + " rows");
      for (int i = 0; i < rows.length; i++) {
        check(rows[i] >= 0 && rows[i] < fed.size(), "retain index out of range");
        check(i == 0 || rows[i] > rows[i - 1], "retain indices not increasing");
      }
      retained.add(rows.clone());
      List<long[]> f = new ArrayList<>();
      List<long[]> m = new ArrayList<>();
      List<Integer> p = new ArrayList<>();
      for (int r : rows) {
        f.add(fed.get(r));
        m.add(masks.get(r));
        p.add(promptLengths.get(r));
      }
      fed.clear();
      fed.addAll(f);
      masks.clear();
      masks.addAll(m);
      promptLengths.clear();
      promptLengths.addAll(p);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long[] visible(long[] tokens, long[] mask) {
    return java.util.stream.IntStream.range(0, tokens.length)
        .filter(i -> mask[i] == 1).mapToLong(i -> tokens[i]).toArray();
  }
}
