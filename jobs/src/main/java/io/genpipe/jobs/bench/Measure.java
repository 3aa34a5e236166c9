package io.genpipe.jobs.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Warm-up then timed rounds. Contenders are interleaved: every round runs each contender once, in
 * order, so a change in background load during the benchmark touches all of them alike instead of
 * whichever happened to be running.
 */
final class Measure {
  /** One pass of a contender; returns what it generated and how long that took. */
  @FunctionalInterface
  interface Pass {
    Throughput.Sample run() throws Exception;
  }

  /**
   * One pass timed by the wall clock around it; returns the number of tokens generated. The
   * calling thread's CPU time is measured; work done on other threads reports its CPU time to
   * {@code cpu}.
   */
  @FunctionalInterface
  interface TokenPass {
    long run(LongAdder cpu) throws Exception;
  }

  /** A named pass using {@code threads} cores. */
  record Contender(String name, int threads, Pass pass) {
    static Contender wallClock(String name, int threads, TokenPass pass) {
      return new Contender(name, threads, () -> {
        LongAdder cpu = new LongAdder();
        long p0 = processCpuNanos();
        long c0 = threadCpuNanos();
        long t0 = System.nanoTime();
        long tokens = pass.run(cpu);
        double wall = (System.nanoTime() - t0) / 1e9;
        cpu.add(threadCpuNanos() - c0);
        return new Throughput.Sample(tokens, wall, cpu.sum() / 1e9,
            (processCpuNanos() - p0) / 1e9);
      });
    }
  }

  /** CPU time of the calling thread in nanoseconds. */
  static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** CPU time of the whole JVM in nanoseconds (-1 where the platform does not say). */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  private final int warmups;
  private final int repeats;

  Measure(int warmups, int repeats) {
    if (warmups < 0 || repeats < 1) {
      throw new IllegalArgumentException("warm-ups must be >= 0 and repeats >= 1, got " + warmups
          + " and " + repeats);
    }
    this.warmups = warmups;
    this.repeats = repeats;
  }

  int repeats() {
    return repeats;
  }

  /** Runs the warm-up rounds, then the timed rounds; one result per contender, in order. */
  List<Throughput> interleaved(List<Contender> contenders) {
    List<List<Throughput.Sample>> samples = new ArrayList<>();
    contenders.forEach(c -> samples.add(new ArrayList<>()));
    for (int round = 0; round < warmups + repeats; round++) {
      for (int i = 0; i < contenders.size(); i++) {
        Throughput.Sample sample = run(contenders.get(i));
        if (round >= warmups) {
          samples.get(i).add(sample);
        }
      }
    }
    List<Throughput> out = new ArrayList<>();
    for (int i = 0; i < contenders.size(); i++) {
      out.add(new Throughput(contenders.get(i).name(), contenders.get(i).threads(), samples.get(i)));
    }
    return out;
  }

  private static Throughput.Sample run(Contender c) {
    try {
      return c.pass().run();
    } catch (Exception e) {
      throw new IllegalStateException(c.name() + " failed: " + e.getMessage(), e);
    }
  }
}
