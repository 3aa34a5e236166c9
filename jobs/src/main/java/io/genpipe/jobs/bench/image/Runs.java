package io.genpipe.jobs.bench.image;

import java.util.ArrayList;
import java.util.List;

/**
 * One warm-up run, then {@code repeats} timed runs of a measurement; the median is reported and
 * the warm-up value is kept, since first runs (cold JIT, cold page cache, first native load) are
 * a finding of their own.
 *
 * @param warmup the value of the warm-up run
 * @param timed the values of the timed runs, in order
 */
record Runs(double warmup, List<Double> timed) {
  /** A measurement that returns one value per run (milliseconds, typically). */
  @FunctionalInterface
  interface Run {
    double once() throws Exception;
  }

  static Runs of(int repeats, Run run) throws Exception {
    double warm = run.once();
    List<Double> out = new ArrayList<>(repeats);
    for (int i = 0; i < repeats; i++) {
      out.add(run.once());
    }
    return new Runs(warm, out);
  }

  double median() {
    return median(timed);
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double min() {
    return timed.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  double max() {
    return timed.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
