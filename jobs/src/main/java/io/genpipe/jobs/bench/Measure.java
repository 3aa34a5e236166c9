package io.genpipe.jobs.bench;

import java.util.ArrayList;
import java.util.List;

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

  /** One pass timed by the wall clock around it; returns the number of tokens generated. */
  @FunctionalInterface
  interface TokenPass {
    long run() throws Exception;
  }

  /** A named pass using {@code threads} cores. */
  record Contender(String name, int threads, Pass pass) {
    static Contender wallClock(String name, int threads, TokenPass pass) {
      return new Contender(name, threads, () -> {
        long t0 = System.nanoTime();
        long tokens = pass.run();
        return new Throughput.Sample(tokens, (System.nanoTime() - t0) / 1e9);
      });
    }
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
