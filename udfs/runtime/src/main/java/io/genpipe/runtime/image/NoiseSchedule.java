package io.genpipe.runtime.image;

/**
 * The training noise schedule: betas and their cumulative alpha products, as diffusers builds
 * them ({@code linear}: linspace of betas; {@code scaled_linear}: linspace of sqrt(beta), squared;
 * {@code squaredcos_cap_v2}: the Glide cosine schedule). Computed in double precision (diffusers
 * uses float32 here; the two agree to about 1e-6 relative).
 */
final class NoiseSchedule {
  private NoiseSchedule() {}

  static double[] alphasCumprod(SchedulerSettings s) {
    double[] betas = betas(s);
    double[] out = new double[betas.length];
    double product = 1.0;
    for (int i = 0; i < betas.length; i++) {
      product *= 1.0 - betas[i];
      out[i] = product;
    }
    return out;
  }

  static double[] betas(SchedulerSettings s) {
    if (s.trainedBetas() != null) {
      return s.trainedBetas();
    }
    int n = s.numTrainTimesteps();
    return switch (s.betaSchedule()) {
      case "linear" -> linspace(s.betaStart(), s.betaEnd(), n, false);
      case "scaled_linear" -> linspace(Math.sqrt(s.betaStart()), Math.sqrt(s.betaEnd()), n, true);
      case "squaredcos_cap_v2" -> cosine(n);
      default -> throw new ModelConfigException("scheduler_config.json beta_schedule '"
          + s.betaSchedule() + "' is not supported; expected linear, scaled_linear or "
          + "squaredcos_cap_v2 (or trained_betas)");
    };
  }

  private static double[] linspace(double start, double end, int n, boolean square) {
    double[] out = new double[n];
    double step = (end - start) / (n - 1);
    for (int i = 0; i < n; i++) {
      double v = i == n - 1 ? end : start + i * step;
      out[i] = square ? v * v : v;
    }
    return out;
  }

  private static double[] cosine(int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double t1 = (double) i / n;
      double t2 = (double) (i + 1) / n;
      out[i] = Math.min(1 - alphaBar(t2) / alphaBar(t1), 0.999);
    }
    return out;
  }

  private static double alphaBar(double t) {
    double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }
}
