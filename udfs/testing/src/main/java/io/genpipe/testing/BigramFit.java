package io.genpipe.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits a token embedding E [vocab, rank] and output projection W [rank, vocab] so that
 * {@code E[a] W} approximates the row-centred log bigram probabilities {@code log p(b | a)}
 * counted from the stories: a low-rank bigram language model. Weighted alternating least
 * squares (closed form, deterministic; no gradient training): entries of observed bigrams
 * weigh {@code 1 + OBSERVED_WEIGHT * count}, all others 1, so the rank is spent on what the
 * stories actually say.
 */
final class BigramFit {

  private static final double SMOOTHING = 0.5;
  private static final double RIDGE = 1e-3;
  private static final double OBSERVED_WEIGHT = 10.0;

  private final BigramCounts counts;
  private final double[][] target;
  private final int rank;
  private double[][] e;
  private double[][] w;

  private BigramFit(BigramCounts counts, int rank) {
    this.counts = counts;
    this.target = counts.centredLogProbabilities(SMOOTHING);
    this.rank = rank;
  }

  /** Returns {embed [vocab*rank], lmHead [rank*vocab]}, both row-major float32. */
  static float[][] fit(TinyBpeTokenizer tokenizer, List<String> stories, int rank, int iterations, long seed) {
    BigramFit fit = new BigramFit(BigramCounts.of(tokenizer.vocabSize(), documents(tokenizer, stories)), rank);
    fit.w = randomMatrix(rank, tokenizer.vocabSize(), seed);
    for (int it = 0; it < iterations; it++) {
      fit.e = fit.solveEmbeddings();
      fit.w = SmallLinalg.transpose(fit.solveOutputs());
    }
    double balance = StrictMath.sqrt(frobenius(fit.w) / frobenius(fit.e));
    return new float[][] {flatten(fit.e, balance), flatten(fit.w, 1.0 / balance)};
  }

  /** Token sequences of the stories, each {@code <s> ... </s>}. */
  static List<List<Integer>> documents(TinyBpeTokenizer tokenizer, List<String> stories) {
    List<List<Integer>> docs = new ArrayList<>();
    for (String story : stories) {
      List<Integer> ids = new ArrayList<>();
      ids.add(TinyBpeTokenizer.BOS);
      ids.addAll(tokenizer.encode(story));
      ids.add(TinyBpeTokenizer.EOS);
      docs.add(ids);
    }
    return docs;
  }

  /** Row a of E from W: weighted ridge regression of target[a] on W's columns. */
  private double[][] solveEmbeddings() {
    double[][] wt = SmallLinalg.transpose(w);
    return solveAll(w, wt, SmallLinalg.multiply(target, wt), counts.successors(), false);
  }

  /** Column b of W from E: weighted ridge regression of target[.][b] on E's rows. */
  private double[][] solveOutputs() {
    double[][] et = SmallLinalg.transpose(e);
    return solveAll(et, e, SmallLinalg.multiply(SmallLinalg.transpose(target), e), counts.predecessors(), true);
  }

  /**
   * For each i: x_i = (F F^T + sum_j a c_ij f_j f_j^T + ridge)^-1 (rhs_i + sum_j a c_ij t_ij f_j),
   * where f_j = factorT[j] and the sums run over observed pairs only.
   */
  private double[][] solveAll(double[][] factor, double[][] factorT, double[][] rhs, List<List<int[]>> observed,
      boolean columns) {
    double[][] gram = SmallLinalg.multiply(factor, factorT);
    double[][] out = new double[observed.size()][];
    for (int i = 0; i < observed.size(); i++) {
      double[][] a = new double[rank][];
      for (int p = 0; p < rank; p++) {
        a[p] = gram[p].clone();
      }
      double[][] b = new double[rank][1];
      for (int p = 0; p < rank; p++) {
        b[p][0] = rhs[i][p];
      }
      for (int[] pair : observed.get(i)) {
        double t = columns ? target[pair[0]][i] : target[i][pair[0]];
        addObserved(a, b, factorT[pair[0]], OBSERVED_WEIGHT * pair[1], t);
      }
      double[][] x = SmallLinalg.solveSpd(a, RIDGE, b);
      out[i] = new double[rank];
      for (int p = 0; p < rank; p++) {
        out[i][p] = x[p][0];
      }
    }
    return out;
  }

  private void addObserved(double[][] a, double[][] b, double[] f, double weight, double t) {
    for (int p = 0; p < rank; p++) {
      b[p][0] += weight * t * f[p];
      for (int q = 0; q < rank; q++) {
        a[p][q] += weight * f[p] * f[q];
      }
    }
  }

  private static double[][] randomMatrix(int rows, int cols, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = rng.nextDouble() * 2.0 - 1.0;
      }
    }
    return m;
  }

  private static double frobenius(double[][] m) {
    double sum = 0;
    for (double[] row : m) {
      for (double v : row) {
        sum += v * v;
      }
    }
    return StrictMath.sqrt(sum);
  }

  private static float[] flatten(double[][] m, double factor) {
    float[] out = new float[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        out[i * m[0].length + j] = (float) (m[i][j] * factor);
      }
    }
    return out;
  }
}
