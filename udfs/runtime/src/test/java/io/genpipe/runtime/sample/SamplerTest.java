package io.genpipe.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final float NEG_INF = Float.NEGATIVE_INFINITY;

  /** Returns scripted doubles and counts every draw, whatever method it goes through. */
  static final class ScriptedRandom implements RandomGenerator {
    private final double[] doubles;
    int doubleDraws;
    int otherDraws;

    ScriptedRandom(double... doubles) {
      this.doubles = doubles;
    }

    @Override
    public double nextDouble() {
      return doubles[doubleDraws++ % doubles.length];
    }

    @Override
    public long nextLong() {
      otherDraws++;
      return 0;
    }

    @Override
    public int nextInt() {
      otherDraws++;
      return 0;
    }

    @Override
    public float nextFloat() {
      otherDraws++;
      return 0;
    }
  }

  /** Counts draws of a real generator. */
  static final class CountingRandom implements RandomGenerator {
    private final SplittableRandom inner;
    int doubleDraws;
    int otherDraws;

    CountingRandom(long seed) {
      inner = new SplittableRandom(seed);
    }

    @Override
    public double nextDouble() {
      doubleDraws++;
      return inner.nextDouble();
    }

    @Override
    public long nextLong() {
      otherDraws++;
      return inner.nextLong();
    }
  }

  @Test
  void greedyIsArgmaxWithLowestIdOnTiesAndDrawsNothing() {
    ScriptedRandom rng = new ScriptedRandom(0.5);
    assertEquals(2, Sampler.GREEDY.sample(new float[] {1f, 3f, 4f, -2f}, rng));
    assertEquals(1, Sampler.GREEDY.sample(new float[] {1f, 4f, 4f, 4f}, rng));
    assertEquals(0, Sampler.GREEDY.sample(new float[] {9f, 4f, 9f}, rng));
    assertEquals(3, Sampler.GREEDY.sample(new float[] {NEG_INF, NEG_INF, NEG_INF, -1e30f}, rng));
    assertEquals(0, rng.doubleDraws + rng.otherDraws);
  }

  @Test
  void multinomialInvertsTheCdfWithOneDrawPerCall() {
    float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    double[] us = {0.0, 0.49, 0.51, 0.79, 0.81, 0.999999};
    int[] expected = {0, 0, 1, 1, 2, 2};
    ScriptedRandom rng = new ScriptedRandom(us);
    for (int i = 0; i < us.length; i++) {
      assertEquals(expected[i], Sampler.MULTINOMIAL.sample(logits.clone(), rng), "u=" + us[i]);
      assertEquals(i + 1, rng.doubleDraws);
    }
    assertEquals(0, rng.otherDraws);
  }

  @Test
  void multinomialNeverPicksNegativeInfinity() {
    // u just below 1: rounding in the cumulative sum must not fall through to a -inf tail.
    float[] logits = {NEG_INF, 0f, 0f, NEG_INF, NEG_INF};
    double almostOne = Math.nextDown(1.0);
    assertEquals(2, Sampler.MULTINOMIAL.sample(logits, new ScriptedRandom(almostOne)));
    assertEquals(1, Sampler.MULTINOMIAL.sample(logits, new ScriptedRandom(0.0)));
    // many tiny probabilities whose double sum may stay below u
    float[] many = new float[1000];
    java.util.Arrays.fill(many, 0f);
    many[999] = NEG_INF;
    int picked = Sampler.MULTINOMIAL.sample(many, new ScriptedRandom(almostOne));
    assertTrue(picked < 999 && picked >= 990, "picked " + picked);
  }

  @Test
  void multinomialMatchesSoftmaxOver20kDraws() {
    float[] logits = {1f, 2f, 0.5f, NEG_INF, 3f, -1f};
    double max = 3;
    double[] expected = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      expected[i] = logits[i] == NEG_INF ? 0 : Math.exp(logits[i] - max);
      sum += expected[i];
    }
    for (int i = 0; i < expected.length; i++) {
      expected[i] /= sum;
    }
    int n = 20_000;
    int[] counts = new int[logits.length];
    CountingRandom rng = new CountingRandom(12345);
    for (int d = 0; d < n; d++) {
      counts[Sampler.MULTINOMIAL.sample(logits.clone(), rng)]++;
    }
    assertEquals(n, rng.doubleDraws);
    assertEquals(0, rng.otherDraws);
    assertEquals(0, counts[3], "-inf token drawn");
    for (int i = 0; i < logits.length; i++) {
      double freq = counts[i] / (double) n;
      double sigma = Math.sqrt(expected[i] * (1 - expected[i]) / n);
      assertEquals(expected[i], freq, 5 * sigma + 1e-9, "token " + i);
    }
  }

  @Test
  void multinomialIsDeterministicForASeed() {
    float[] logits = {0.1f, 0.2f, 0.3f, 0.4f};
    int[] a = new int[50];
    int[] b = new int[50];
    SplittableRandom r1 = new SplittableRandom(99);
    SplittableRandom r2 = new SplittableRandom(99);
    for (int i = 0; i < a.length; i++) {
      a[i] = Sampler.MULTINOMIAL.sample(logits.clone(), r1);
      b[i] = Sampler.MULTINOMIAL.sample(logits.clone(), r2);
    }
    assertArrayEquals(a, b);
  }

  @Test
  void softmaxIsStableForLargeScores() {
    double[] p = Softmax.probabilities(new float[] {1000f, 1000f, NEG_INF});
    assertArrayEquals(new double[] {0.5, 0.5, 0}, p, 1e-15);
  }
}
