package io.genpipe.jobs.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The timed runs of one contender on one model: the median over the repeats is what the table
 * shows.
 *
 * @param name what ran, as printed
 * @param threads cores the contender uses (parallel loops or Spark task slots)
 * @param runs one sample per timed repeat (warm-up passes are not recorded)
 */
record Throughput(String name, int threads, List<Sample> runs) {
  /**
   * One timed pass: tokens generated, the wall seconds they took, and the CPU seconds the
   * contender's own threads spent (NaN if unknown), and the CPU seconds of the whole JVM meanwhile
   * (the contender's threads plus GC, JIT and, for Spark, its driver and service threads). CPU
   * time barely moves when other processes compete for the cores, so it still compares
   * contenders on a shared machine.
   */
  record Sample(long tokens, double seconds, double cpuSeconds, double jvmCpuSeconds) {
    double tokensPerSecond() {
      return seconds > 0 ? tokens / seconds : 0;
    }

    double tokensPerCpuSecond() {
      return cpuSeconds > 0 ? tokens / cpuSeconds : Double.NaN;
    }
  }

  Throughput {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException(name + ": no timed runs");
    }
    runs = List.copyOf(runs);
  }

  long tokens() {
    return runs.get(0).tokens();
  }

  double medianSeconds() {
    return median(runs.stream().mapToDouble(Sample::seconds).toArray());
  }

  double tokensPerSecond() {
    return median(runs.stream().mapToDouble(Sample::tokensPerSecond).toArray());
  }

  double medianJvmCpuSeconds() {
    return median(runs.stream().mapToDouble(Sample::jvmCpuSeconds).toArray());
  }

  double medianCpuSeconds() {
    return median(runs.stream().mapToDouble(Sample::cpuSeconds).toArray());
  }

  /** Tokens per CPU second of the contender's threads (median over runs); NaN if unknown. */
  double tokensPerCpuSecond() {
    return median(runs.stream().mapToDouble(Sample::tokensPerCpuSecond).toArray());
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
