package io.genpipe.testing;

/** Dense double-precision helpers for small fits (plain loops: bit-reproducible in Java). */
final class SmallLinalg {

  private SmallLinalg() {}

  /** a [n,k] times b [k,m]. */
  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int k = b.length;
    int m = b[0].length;
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < k; p++) {
        double aip = a[i][p];
        for (int j = 0; j < m; j++) {
          out[i][j] += aip * b[p][j];
        }
      }
    }
    return out;
  }

  static double[][] transpose(double[][] a) {
    double[][] out = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        out[j][i] = a[i][j];
      }
    }
    return out;
  }

  /** Solves (a + ridge I) x = b for symmetric positive definite a [r,r], b [r,m] (Cholesky). */
  static double[][] solveSpd(double[][] a, double ridge, double[][] b) {
    double[][] l = cholesky(a, ridge);
    int r = a.length;
    double[][] x = new double[r][];
    for (int i = 0; i < r; i++) {
      x[i] = b[i].clone();
      for (int p = 0; p < i; p++) {
        axpy(-l[i][p], x[p], x[i]);
      }
      scale(x[i], 1.0 / l[i][i]);
    }
    for (int i = r - 1; i >= 0; i--) {
      for (int p = i + 1; p < r; p++) {
        axpy(-l[p][i], x[p], x[i]);
      }
      scale(x[i], 1.0 / l[i][i]);
    }
    return x;
  }

  private static double[][] cholesky(double[][] a, double ridge) {
    int r = a.length;
    double[][] l = new double[r][r];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j] + (i == j ? ridge : 0.0);
        for (int p = 0; p < j; p++) {
          sum -= l[i][p] * l[j][p];
        }
        l[i][j] = i == j ? StrictMath.sqrt(sum) : sum / l[j][j];
      }
    }
    return l;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int j = 0; j < y.length; j++) {
      y[j] += alpha * x[j];
    }
  }

  private static void scale(double[] x, double alpha) {
    for (int j = 0; j < x.length; j++) {
      x[j] *= alpha;
    }
  }
}
