package io.genpipe.jobs.bench;

import java.util.ArrayList;
import java.util.List;

/** Warm-up then timed repeats of one contender. */
final class Measure {
  /** One pass of a contender; returns what it generated and how long that took. */
  @FunctionalInterface
  interface Pass {
    Throughput.Sample run() throws Exception;
  }

  /** One pass timed by the wall clock around it; returns the number of tokens generated. */
  @FunctionalInterface
  interface TokenPass {
    long run() throws Exception;
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

  Throughput timed(String name, int threads, Pass pass) {
    try {
      for (int i = 0; i < warmups; i++) {
        pass.run();
      }
      List<Throughput.Sample> runs = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        runs.add(pass.run());
      }
      return new Throughput(name, threads, runs);
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
    }
  }

  Throughput wallClock(String name, int threads, TokenPass pass) {
    return timed(name, threads, () -> {
      long t0 = System.nanoTime();
      long tokens = pass.run();
      return new Throughput.Sample(tokens, (System.nanoTime() - t0) / 1e9);
    });
  }
}
