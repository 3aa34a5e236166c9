package io.genpipe.runtime.image;

import java.util.random.RandomGenerator;

/**
 * Standard normal draws by the Box-Muller transform over {@link RandomGenerator#nextDouble()},
 * with {@link StrictMath} so that the same generator state gives the same floats on every JVM and
 * CPU (the generator's own {@code nextGaussian} algorithm is not specified by the interface).
 */
public final class Gaussian {
  private Gaussian() {}

  /** Fills {@code out} with independent N(0, 1) values; consumes two doubles per pair. */
  public static void fill(float[] out, RandomGenerator rng) {
    for (int i = 0; i < out.length; i += 2) {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double angle = 2.0 * StrictMath.PI * u2;
      out[i] = (float) (radius * StrictMath.cos(angle));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (radius * StrictMath.sin(angle));
      }
    }
  }
}
