package io.genpipe.runtime.sample;

/** Numerically stable softmax in double precision (deterministic summation order). */
final class Softmax {
  private Softmax() {}

  static double[] probabilities(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double[] probs = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp((double) logits[i] - max);
      probs[i] = e;
      sum += e;
    }
    for (int i = 0; i < probs.length; i++) {
      probs[i] /= sum;
    }
    return probs;
  }
}
