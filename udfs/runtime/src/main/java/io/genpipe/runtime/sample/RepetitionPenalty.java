package io.genpipe.runtime.sample;

import java.util.BitSet;

/**
 * CTRL-style repetition penalty with Hugging Face semantics: the score of every token already in
 * the row's history is divided by the penalty when positive and multiplied by it when negative.
 */
public record RepetitionPenalty(float penalty) implements LogitsProcessor {
  public RepetitionPenalty {
    if (!(penalty > 0f) || !Float.isFinite(penalty)) {
      throw new IllegalArgumentException("repetition_penalty must be a finite number > 0, got " + penalty);
    }
  }

  @Override
  public void process(float[] logits, long[] history, int historyLength) {
    BitSet seen = new BitSet(logits.length);
    for (int i = 0; i < historyLength; i++) {
      int id = (int) history[i];
      if (id < 0 || id >= logits.length || seen.get(id)) {
        continue;
      }
      seen.set(id);
      logits[id] = logits[id] < 0 ? logits[id] * penalty : logits[id] / penalty;
    }
  }
}
