package io.genpipe.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Weights of the tiny decoder, row-major, each matrix stored [in, out] so the graph multiplies
 * activations by it directly ({@code MatMul(x, W)}).
 *
 * @param embed token embedding [vocab, hidden]
 * @param positions learned position embedding [maxPositions, hidden]
 * @param layers attention weights per layer
 * @param lmHead output projection [hidden, vocab]
 */
public record DecoderWeights(float[] embed, float[] positions, List<Layer> layers, float[] lmHead) {

  /** Projections of one attention layer: q [hidden, heads*headDim], k and v [hidden,
   * kvHeads*headDim], o [heads*headDim, hidden]. */
  public record Layer(float[] q, float[] k, float[] v, float[] o) {}

  /**
   * Standard deviations of the uniform random init, relative to {@code 1/sqrt(fan_in)} for the
   * projections. The defaults give logits with a standard deviation of a few units (clear
   * greedy choices) and attention that is neither uniform nor one-hot.
   */
  public record Scales(double embed, double positions, double query, double value, double out, double lmHead) {
    public static final Scales DEFAULT = new Scales(1.0, 0.5, 1.5, 1.0, 0.8, 0.45);
  }

  /** Deterministic random weights drawn from {@code new SplittableRandom(seed)}. */
  public static DecoderWeights random(DecoderSpec spec, long seed, Scales scales) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] embed = uniform(rng, spec.vocab() * spec.hidden(), scales.embed());
    float[] positions = uniform(rng, spec.maxPositions() * spec.hidden(), scales.positions());
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < spec.layers(); i++) {
      layers.add(randomLayer(rng, spec, scales));
    }
    float[] lmHead = uniform(rng, spec.hidden() * spec.vocab(), scales.lmHead());
    return new DecoderWeights(embed, positions, List.copyOf(layers), lmHead);
  }

  /** These weights with another token embedding and output projection. */
  public DecoderWeights withVocabMatrices(float[] newEmbed, float[] newLmHead) {
    return new DecoderWeights(newEmbed, positions, layers, newLmHead);
  }

  private static Layer randomLayer(SplittableRandom rng, DecoderSpec spec, Scales scales) {
    double inv = 1.0 / StrictMath.sqrt(spec.hidden());
    float[] q = uniform(rng, spec.hidden() * spec.queryDim(), scales.query() * inv);
    float[] k = uniform(rng, spec.hidden() * spec.kvDim(), scales.query() * inv);
    float[] v = uniform(rng, spec.hidden() * spec.kvDim(), scales.value() * inv);
    float[] o = uniform(rng, spec.queryDim() * spec.hidden(), scales.out() / StrictMath.sqrt(spec.queryDim()));
    return new Layer(q, k, v, o);
  }

  /** Uniform values with the given standard deviation (nextDouble is stable across JDKs). */
  static float[] uniform(SplittableRandom rng, int n, double std) {
    double half = std * StrictMath.sqrt(3.0);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) ((rng.nextDouble() * 2.0 - 1.0) * half);
    }
    return out;
  }
}
