package io.genpipe.jobs.bench.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The share of the machine's CPU time that other processes used between {@link #start} and
 * {@link #othersShare}: on a shared 2-core machine, figures taken while others build or test are
 * disturbed, and the report says so. Linux only ({@code /proc}); NaN elsewhere.
 */
final class CpuShare {
  private final long[] machine0;
  private final long self0;

  private CpuShare(long[] machine0, long self0) {
    this.machine0 = machine0;
    this.self0 = self0;
  }

  static CpuShare start() {
    return new CpuShare(machine(), self());
  }

  /** Other processes' busy time as a fraction of all CPU time since start (0..1), or NaN. */
  double othersShare() {
    long[] m = machine();
    long self = self();
    if (m == null || machine0 == null || self < 0 || self0 < 0) {
      return Double.NaN;
    }
    long total = m[0] - machine0[0];
    long busy = m[1] - machine0[1];
    return total <= 0 ? Double.NaN : Math.max(0, busy - (self - self0)) / (double) total;
  }

  /** {total, busy} jiffies of all CPUs, from the first line of /proc/stat. */
  private static long[] machine() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total, total - idle};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * User + system jiffies of this process and its live descendants (the executor JVMs of
   * {@code local-cluster}), from /proc/PID/stat.
   */
  private static long self() {
    long own = jiffies(ProcessHandle.current().pid());
    if (own < 0) {
      return -1;
    }
    long children = ProcessHandle.current().descendants()
        .mapToLong(p -> Math.max(0, jiffies(p.pid()))).sum();
    return own + children;
  }

  private static long jiffies(long pid) {
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
