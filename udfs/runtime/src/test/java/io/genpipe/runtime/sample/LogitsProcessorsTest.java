package io.genpipe.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The logits processors against Hugging Face semantics: hand-computed golden values, and for
 * top-k / top-p a naive transcription of the HF warpers as a slow oracle on random scores.
 */
class LogitsProcessorsTest {
  private static final float NEG_INF = Float.NEGATIVE_INFINITY;
  private static final long[] NO_HISTORY = new long[0];

  private static float[] run(LogitsProcessor p, float[] logits, long... history) {
    float[] out = logits.clone();
    p.process(out, history, history.length);
    return out;
  }

  // ---- repetition penalty -------------------------------------------------------------------

  @Test
  void repetitionPenaltyDividesPositiveMultipliesNegativeOncePerId() {
    // id 0 (2.0) seen twice -> 2/2 = 1 (once, not 0.5); id 1 (-1.0) seen twice -> -2 (not -4);
    // id 2 unseen stays; id 3 (0.0) seen -> 0 either way.
    float[] out = run(new RepetitionPenalty(2f), new float[] {2f, -1f, 0.5f, 0f, 3f}, 0, 1, 0, 1, 3);
    assertArrayEquals(new float[] {1f, -2f, 0.5f, 0f, 3f}, out);
  }

  @Test
  void repetitionPenaltyBelowOneRewardsRepeats() {
    float[] out = run(new RepetitionPenalty(0.5f), new float[] {2f, -1f, 4f}, 0, 1);
    assertArrayEquals(new float[] {4f, -0.5f, 4f}, out);
  }

  @Test
  void repetitionPenaltyUsesOnlyHistoryLengthAndIgnoresOutOfVocabIds() {
    float[] logits = {2f, 2f, 2f};
    // history[2] = 2 is past historyLength; -1 and 7 are outside the vocabulary.
    new RepetitionPenalty(2f).process(logits, new long[] {-1, 7, 0, 2}, 3);
    assertArrayEquals(new float[] {1f, 2f, 2f}, logits);
  }

  @Test
  void repetitionPenaltyKeepsNegativeInfinity() {
    float[] out = run(new RepetitionPenalty(1.5f), new float[] {NEG_INF, 3f}, 0, 1);
    assertArrayEquals(new float[] {NEG_INF, 2f}, out);
  }

  // ---- temperature --------------------------------------------------------------------------

  @Test
  void temperatureDividesEveryScore() {
    assertArrayEquals(new float[] {2f, -4f, 0f, NEG_INF},
        run(new Temperature(0.5f), new float[] {1f, -2f, 0f, NEG_INF}));
    assertArrayEquals(new float[] {0.5f, -1f, 1.5f},
        run(new Temperature(2f), new float[] {1f, -2f, 3f}));
  }

  @Test
  void processorsRefuseBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new Temperature(0f));
    assertThrows(IllegalArgumentException.class, () -> new Temperature(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Temperature(Float.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new RepetitionPenalty(0f));
    assertThrows(IllegalArgumentException.class, () -> new RepetitionPenalty(-1f));
    assertThrows(IllegalArgumentException.class, () -> new TopK(0));
    assertThrows(IllegalArgumentException.class, () -> new TopP(0f));
    assertThrows(IllegalArgumentException.class, () -> new TopP(1.01f));
    assertThrows(IllegalArgumentException.class, () -> new TopP(Float.NaN));
  }

  // ---- top-k --------------------------------------------------------------------------------

  @Test
  void topKKeepsTheKHighest() {
    assertArrayEquals(new float[] {NEG_INF, 5f, NEG_INF, 4f, NEG_INF},
        run(new TopK(2), new float[] {1f, 5f, 2f, 4f, 3f}));
  }

  @Test
  void topKKeepsEveryTieAtTheThreshold() {
    // k=2, the 2nd highest score is 2 and three tokens have it: all survive.
    assertArrayEquals(new float[] {NEG_INF, 3f, 2f, 2f, 2f},
        run(new TopK(2), new float[] {1f, 3f, 2f, 2f, 2f}));
    // k=1 with a two-way tie for the top.
    assertArrayEquals(new float[] {7f, NEG_INF, 7f},
        run(new TopK(1), new float[] {7f, 6f, 7f}));
  }

  @Test
  void topKAtOrAboveVocabIsANoOp() {
    float[] logits = {0.3f, -2f, 9f, NEG_INF};
    assertArrayEquals(logits, run(new TopK(4), logits));
    assertArrayEquals(logits, run(new TopK(1000), logits));
  }

  // ---- top-p --------------------------------------------------------------------------------

  private static float[] logOf(double... probs) {
    float[] out = new float[probs.length];
    for (int i = 0; i < probs.length; i++) {
      out[i] = (float) Math.log(probs[i]);
    }
    return out;
  }

  @Test
  void topPKeepsTheSmallestSetReachingP() {
    float[] logits = logOf(0.15, 0.5, 0.05, 0.3);
    // sorted: id1 .5, id3 .3, id0 .15, id2 .05
    assertArrayEquals(new float[] {NEG_INF, logits[1], NEG_INF, NEG_INF},
        run(new TopP(0.4f), logits)); // 0.5 alone reaches 0.4
    assertArrayEquals(new float[] {NEG_INF, logits[1], NEG_INF, logits[3]},
        run(new TopP(0.75f), logits)); // 0.5 < 0.75, 0.8 >= 0.75
    assertArrayEquals(new float[] {logits[0], logits[1], NEG_INF, logits[3]},
        run(new TopP(0.9f), logits)); // 0.8 < 0.9, 0.95 >= 0.9
    assertArrayEquals(logits, run(new TopP(0.99f), logits));
  }

  @Test
  void topPStopsWhenTheCumulativeProbabilityEqualsP() {
    // exact in binary: 4 x 0.25. HF removes tokens whose ascending cumsum <= 1 - p, so reaching
    // p exactly is enough and no further token is added.
    float[] uniform = {0f, 0f, 0f, 0f};
    assertArrayEquals(new float[] {0f, 0f, NEG_INF, NEG_INF}, run(new TopP(0.5f), uniform));
    assertArrayEquals(new float[] {0f, NEG_INF, NEG_INF, NEG_INF}, run(new TopP(0.25f), uniform));
    assertArrayEquals(new float[] {0f, 0f, 0f, NEG_INF}, run(new TopP(0.75f), uniform));
  }

  @Test
  void topPAlwaysKeepsAtLeastOneToken() {
    float[] out = run(new TopP(1e-6f), new float[] {0f, 0.1f, 0f});
    assertArrayEquals(new float[] {NEG_INF, 0.1f, NEG_INF}, out);
  }

  @Test
  void topPBreaksTiesByLowestId() {
    // probs: ids 1,2 = e^2/(2e^2+2e) = 0.366 each; ids 0,3 = 0.134 each
    float[] logits = {1f, 2f, 2f, 1f};
    assertArrayEquals(new float[] {NEG_INF, 2f, NEG_INF, NEG_INF}, run(new TopP(0.3f), logits));
    assertArrayEquals(new float[] {NEG_INF, 2f, 2f, NEG_INF}, run(new TopP(0.5f), logits));
    assertArrayEquals(new float[] {1f, 2f, 2f, NEG_INF}, run(new TopP(0.8f), logits));
    // uniform: p=0.3 needs two of four equal tokens, the two lowest ids
    assertArrayEquals(new float[] {0f, 0f, NEG_INF, NEG_INF},
        run(new TopP(0.3f), new float[] {0f, 0f, 0f, 0f}));
  }

  @Test
  void topPOfOneIsANoOpAndIgnoresAlreadyFilteredTokens() {
    float[] logits = {1f, NEG_INF, 3f};
    assertArrayEquals(logits, run(new TopP(1f), logits));
    // -inf tokens have probability 0: top-k then top-p keeps renormalised survivors
    float[] afterK = run(new TopK(2), new float[] {0f, 0f, 5f, -1f});
    assertArrayEquals(new float[] {0f, 0f, 5f, NEG_INF}, afterK);
    assertArrayEquals(new float[] {NEG_INF, NEG_INF, 5f, NEG_INF}, run(new TopP(0.9f), afterK));
  }

  /** HF TopKLogitsWarper: remove scores < the k-th largest score. */
  private static float[] hfTopK(float[] scores, int k) {
    float[] out = scores.clone();
    if (k >= scores.length) {
      return out;
    }
    Float[] boxed = new Float[scores.length];
    for (int i = 0; i < scores.length; i++) {
      boxed[i] = scores[i];
    }
    Arrays.sort(boxed, (a, b) -> Float.compare(b, a));
    float kth = boxed[k - 1];
    for (int i = 0; i < out.length; i++) {
      if (out[i] < kth) {
        out[i] = NEG_INF;
      }
    }
    return out;
  }

  /**
   * HF TopPLogitsWarper: sort ascending, cumulative softmax, remove where cumsum <= 1 - p, but
   * always keep the most likely token.
   */
  private static float[] hfTopP(float[] scores, float p) {
    int n = scores.length;
    double max = Double.NEGATIVE_INFINITY;
    for (float s : scores) {
      max = Math.max(max, s);
    }
    double[] probs = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      probs[i] = scores[i] == NEG_INF ? 0 : Math.exp(scores[i] - max);
      sum += probs[i];
    }
    Integer[] asc = new Integer[n];
    for (int i = 0; i < n; i++) {
      asc[i] = i;
      probs[i] /= sum;
    }
    Arrays.sort(asc, (a, b) -> Double.compare(probs[a], probs[b]));
    float[] out = scores.clone();
    double cumulative = 0;
    for (int r = 0; r < n; r++) {
      cumulative += probs[asc[r]];
      if (cumulative <= 1 - (double) p && r < n - 1) {
        out[asc[r]] = NEG_INF;
      }
    }
    return out;
  }

  @Test
  void topKAndTopPMatchTheNaiveHfWarpersOnRandomScores() {
    SplittableRandom rnd = new SplittableRandom(20240611L);
    for (int trial = 0; trial < 2_000; trial++) {
      int vocab = 1 + rnd.nextInt(60);
      float[] scores = new float[vocab];
      for (int i = 0; i < vocab; i++) {
        scores[i] = (float) (rnd.nextGaussian() * 3);
      }
      int k = 1 + rnd.nextInt(vocab + 5);
      float p = (float) (0.01 + rnd.nextDouble() * 0.98);
      String where = "trial " + trial + " vocab " + vocab + " k " + k + " p " + p;
      assertArrayEquals(hfTopK(scores, k), run(new TopK(k), scores), where);
      assertArrayEquals(hfTopP(scores, p), run(new TopP(p), scores), where);
    }
  }

  @Test
  void topPKeepsTheMostLikelyTokensOnly() {
    // a property that holds whatever the oracle: every kept token is at least as likely as every
    // removed one, and removing the least likely kept token would drop below p.
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 500; trial++) {
      float[] scores = new float[20];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = (float) rnd.nextGaussian();
      }
      float[] out = run(new TopP(0.6f), scores);
      float minKept = Float.POSITIVE_INFINITY;
      float maxRemoved = NEG_INF;
      for (int i = 0; i < out.length; i++) {
        if (out[i] == NEG_INF) {
          maxRemoved = Math.max(maxRemoved, scores[i]);
        } else {
          assertEquals(scores[i], out[i]);
          minKept = Math.min(minKept, scores[i]);
        }
      }
      assertTrue(minKept >= maxRemoved, "trial " + trial);
    }
  }
}
