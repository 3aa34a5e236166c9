package io.genpipe.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Bigram counts over token documents, kept sparse per row (successors) and per column
 * (predecessors) as {@code {other id, count}} pairs in id order.
 */
record BigramCounts(int[][] dense, List<List<int[]>> successors, List<List<int[]>> predecessors) {

  static BigramCounts of(int vocab, List<List<Integer>> documents) {
    int[][] dense = new int[vocab][vocab];
    for (List<Integer> doc : documents) {
      for (int i = 0; i + 1 < doc.size(); i++) {
        dense[doc.get(i)][doc.get(i + 1)]++;
      }
    }
    List<List<int[]>> successors = new ArrayList<>();
    List<List<int[]>> predecessors = new ArrayList<>();
    for (int a = 0; a < vocab; a++) {
      successors.add(new ArrayList<>());
      predecessors.add(new ArrayList<>());
    }
    for (int a = 0; a < vocab; a++) {
      for (int b = 0; b < vocab; b++) {
        if (dense[a][b] > 0) {
          successors.get(a).add(new int[] {b, dense[a][b]});
          predecessors.get(b).add(new int[] {a, dense[a][b]});
        }
      }
    }
    return new BigramCounts(dense, successors, predecessors);
  }

  /**
   * {@code log((count(a,b) + s * prior(b)) / (count(a) + s))} minus its row mean, where prior is
   * the add-0.1 unigram distribution of successors; unseen contexts get log prior.
   */
  double[][] centredLogProbabilities(double smoothing) {
    int vocab = dense.length;
    double[] prior = prior(0.1);
    double[][] out = new double[vocab][vocab];
    for (int a = 0; a < vocab; a++) {
      double n = 0;
      for (int c : dense[a]) {
        n += c;
      }
      double mean = 0;
      for (int b = 0; b < vocab; b++) {
        out[a][b] = StrictMath.log((dense[a][b] + smoothing * prior[b]) / (n + smoothing));
        mean += out[a][b] / vocab;
      }
      for (int b = 0; b < vocab; b++) {
        out[a][b] -= mean;
      }
    }
    return out;
  }

  private double[] prior(double add) {
    int vocab = dense.length;
    double[] p = new double[vocab];
    double total = 0;
    for (int[] row : dense) {
      for (int b = 0; b < vocab; b++) {
        p[b] += row[b];
      }
    }
    for (int b = 0; b < vocab; b++) {
      p[b] += add;
      total += p[b];
    }
    for (int b = 0; b < vocab; b++) {
      p[b] /= total;
    }
    return p;
  }
}
