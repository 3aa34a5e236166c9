package io.genpipe.runtime.sample;

import java.util.random.RandomGenerator;

/** Picks the next token from processed scores. */
@FunctionalInterface
public interface Sampler {
  int sample(float[] logits, RandomGenerator rng);

  /** Argmax; the lowest id wins a tie. Draws nothing from the generator. */
  Sampler GREEDY =
      (logits, rng) -> {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
          if (logits[i] > logits[best]) {
            best = i;
          }
        }
        return best;
      };

  /** Draws one token from softmax(logits) with exactly one {@code nextDouble()} per call. */
  Sampler MULTINOMIAL =
      (logits, rng) -> {
        double[] probs = Softmax.probabilities(logits);
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < probs.length; i++) {
          if (probs[i] == 0) {
            continue;
          }
          last = i;
          cumulative += probs[i];
          if (u < cumulative) {
            return i;
          }
        }
        return last;
      };
}
