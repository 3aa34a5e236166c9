package io.genpipe.testing.sd;

import java.util.SplittableRandom;

/** Uniform random weights from one seeded generator, drawn in a fixed order (deterministic bytes). */
final class SdWeights {
  private final SplittableRandom rng;

  SdWeights(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  /** {@code n} values uniform in [-scale, scale]. */
  float[] uniform(int n, double scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
    }
    return out;
  }
}
