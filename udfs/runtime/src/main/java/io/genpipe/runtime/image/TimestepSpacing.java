package io.genpipe.runtime.image;

/**
 * How inference timesteps are picked from the training ones ({@code timestep_spacing}), with
 * diffusers' arithmetic (Table 2 of "Common Diffusion Noise Schedules and Sample Steps are
 * Flawed"): numpy's round-half-even, {@code arange} lengths and the {@code steps_offset} shift.
 */
public enum TimestepSpacing {
  /** {@code linspace(0, N-1, n)} reversed. */
  LINSPACE,
  /** {@code arange(0, n) * (N // n)} reversed, plus {@code steps_offset}. */
  LEADING,
  /** {@code round(arange(N, 0, -N/n)) - 1}. */
  TRAILING;

  static TimestepSpacing parse(String value) {
    return switch (value) {
      case "linspace" -> LINSPACE;
      case "leading" -> LEADING;
      case "trailing" -> TRAILING;
      default -> throw new ModelConfigException("scheduler_config.json timestep_spacing '" + value
          + "' is not supported; expected linspace, leading or trailing");
    };
  }

  /**
   * The {@code n} timesteps, from high noise to low.
   *
   * @param roundLinspace DDIM rounds the linspace values to integers; Euler keeps them fractional
   */
  double[] timesteps(int trainSteps, int n, int stepsOffset, boolean roundLinspace) {
    double[] t = new double[n];
    switch (this) {
      case LINSPACE -> {
        double step = n == 1 ? 0.0 : (trainSteps - 1) / (double) (n - 1);
        for (int i = 0; i < n; i++) {
          double v = n > 1 && i == n - 1 ? trainSteps - 1 : i * step;
          t[n - 1 - i] = roundLinspace ? Math.rint(v) : (float) v;
        }
      }
      case LEADING -> {
        int ratio = trainSteps / n;
        for (int i = 0; i < n; i++) {
          t[n - 1 - i] = (double) i * ratio + stepsOffset;
        }
      }
      case TRAILING -> {
        double ratio = (double) trainSteps / n;
        int count = (int) Math.ceil(trainSteps / ratio);
        if (count != n) {
          throw new IllegalStateException("trailing spacing gave " + count + " steps for " + n);
        }
        for (int i = 0; i < n; i++) {
          t[i] = Math.rint(trainSteps - i * ratio) - 1;
        }
      }
      default -> throw new IllegalStateException(name());
    }
    return t;
  }
}
