package io.genpipe.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads grouped by their Linux thread name (digits folded to {@code #}),
 * from {@code /proc/self/task}: it shows the threads a Java API cannot see (JIT compilers, GC
 * workers). Empty where {@code /proc} cannot be read.
 */
final class ThreadCpu {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private ThreadCpu() {}

  /** Clock ticks of CPU per thread-name group, now. */
  static Map<String, Long> snapshot() {
    Map<String, Long> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(t -> {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("\\d+", "#");
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      });
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return out;
  }

  /**
   * Seconds of CPU per group between two snapshots, largest first, groups under 10 ms left out.
   * Threads that ended between the snapshots are not counted.
   */
  static Map<String, Double> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L))
            / TICKS_PER_SECOND))
        .filter(e -> e.getValue() >= 0.01)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
