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
  /**
   * {@code round(arange(N, 0, -N/n)) - 1}, with numpy's {@code arange} length
   * {@code ceil(-N / (-N/n))}: for some {@code n} (61, 103, 121 of 1000, ...) float error makes
   * that {@code n + 1}, and diffusers keeps the extra entry, a final timestep of {@code -1}, so the
   * loop runs {@code n + 1} steps. This reproduces it rather than refusing the row.
   */
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
   * The timesteps, from high noise to low: {@code n} of them, except trailing spacing's extra
   * {@code -1} (see {@link #TRAILING}).
   *
   * @param roundLinspace DDIM rounds the linspace values to integers; Euler keeps them fractional
   */
  double[] timesteps(int trainSteps, int n, int stepsOffset, boolean roundLinspace) {
    if (this == TRAILING) {
      return trailing(trainSteps, n);
    }
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
      default -> throw new IllegalStateException(name());
    }
    return t;
  }

  /**
   * numpy's float {@code arange(N, 0, -N/n)}: length {@code ceil((0 - N) / delta)}, element
   * {@code i} = {@code start + i * delta} with {@code delta} re-derived from the first two
   * elements as numpy's fill does; then rounded half-to-even and shifted by -1.
   */
  private static double[] trailing(int trainSteps, int n) {
    double ratio = (double) trainSteps / n;
    int length = (int) Math.ceil((0.0 - trainSteps) / -ratio);
    double start = trainSteps;
    double delta = (start - ratio) - start;
    double[] t = new double[length];
    for (int i = 0; i < length; i++) {
      t[i] = Math.rint(start + i * delta) - 1;
    }
    return t;
  }
}
