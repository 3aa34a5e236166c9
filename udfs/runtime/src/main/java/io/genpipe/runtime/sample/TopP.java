package io.genpipe.runtime.sample;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Nucleus filtering with Hugging Face {@code TopPLogitsWarper} semantics: keeps the smallest set
 * of most likely tokens whose cumulative probability reaches {@code p}; always keeps at least one.
 */
public record TopP(float p) implements LogitsProcessor {
  public TopP {
    if (!(p > 0f && p <= 1f)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + p);
    }
  }

  @Override
  public void process(float[] logits, long[] history, int historyLength) {
    if (p >= 1f) {
      return;
    }
    double[] probs = Softmax.probabilities(logits);
    // Only tokens still possible take part (after top-k, usually a few dozen of the vocabulary).
    Integer[] order = IntStream.range(0, logits.length).filter(i -> probs[i] > 0).boxed()
        .toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probs[i]).thenComparingInt(i -> i));
    double cumulative = 0;
    int kept = 0;
    while (kept < order.length && (kept == 0 || cumulative < p)) {
      cumulative += probs[order[kept++]];
    }
    for (int r = kept; r < order.length; r++) {
      logits[order[r]] = Float.NEGATIVE_INFINITY;
    }
  }
}
