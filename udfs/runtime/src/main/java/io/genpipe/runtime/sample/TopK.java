package io.genpipe.runtime.sample;

import java.util.Arrays;

/**
 * Keeps the {@code k} highest scores and sets the rest to negative infinity (Hugging Face {@code
 * TopKLogitsWarper}: every token scoring at least the k-th highest score survives, so ties at the
 * boundary are all kept).
 */
public record TopK(int k) implements LogitsProcessor {
  public TopK {
    if (k < 1) {
      throw new IllegalArgumentException("top_k must be >= 1, got " + k);
    }
  }

  @Override
  public void process(float[] logits, long[] history, int historyLength) {
    if (k >= logits.length) {
      return;
    }
    float[] sorted = logits.clone();
    Arrays.sort(sorted);
    float threshold = sorted[sorted.length - k];
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] < threshold) {
        logits[i] = Float.NEGATIVE_INFINITY;
      }
    }
  }
}
