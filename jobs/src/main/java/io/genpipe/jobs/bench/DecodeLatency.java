package io.genpipe.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-token decode time of one row against its cache length, from step callbacks. Two figures per
 * step: {@code step}, the forward step as the callback reports it, and {@code token}, the whole
 * loop iteration (start of one step to the start of the next, so sampling, mask and tensor
 * bookkeeping between steps count too), which is the same measure for every contender whatever
 * its callback covers. Only one-token decode steps are recorded (not the prefill).
 */
final class DecodeLatency {
  /** Samples are pooled over positions {@code p - WINDOW .. p + WINDOW} and all repeats. */
  static final int WINDOW = 4;

  private final TreeMap<Integer, List<Long>> stepNanos = new TreeMap<>();
  private final Map<Integer, List<Long>> tokenNanos = new TreeMap<>();
  private long lastStart = -1;
  private int lastPast = -1;

  /** Call at the end of each step (as a step observer does). */
  void onStep(int pastLength, int newTokens, long nanos) {
    long start = System.nanoTime() - nanos;
    if (lastPast >= 0) {
      tokenNanos.computeIfAbsent(lastPast, k -> new ArrayList<>()).add(start - lastStart);
    }
    if (newTokens == 1) {
      stepNanos.computeIfAbsent(pastLength, k -> new ArrayList<>()).add(nanos);
      lastPast = pastLength;
    } else {
      lastPast = -1;
    }
    lastStart = start;
  }

  /** Ends one generation (the last step has no successor to time its iteration). */
  void endRun() {
    lastPast = -1;
    lastStart = -1;
  }

  int maxPosition() {
    return stepNanos.isEmpty() ? -1 : stepNanos.lastKey();
  }

  /** Median milliseconds per token around each position; NaN where no step reached it. */
  Map<Integer, Double> tokenMs(List<Integer> positions) {
    return at(tokenNanos, positions);
  }

  Map<Integer, Double> stepMs(List<Integer> positions) {
    return at(stepNanos, positions);
  }

  private static Map<Integer, Double> at(Map<Integer, List<Long>> samples, List<Integer> positions) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (int p : positions) {
      List<Long> pooled = new ArrayList<>();
      for (int q = p - WINDOW; q <= p + WINDOW; q++) {
        pooled.addAll(samples.getOrDefault(q, List.of()));
      }
      boolean reached = samples.containsKey(p);
      out.put(p, reached ? Throughput.median(pooled.stream().mapToDouble(n -> n / 1e6).toArray())
          : Double.NaN);
    }
    return out;
  }
}
