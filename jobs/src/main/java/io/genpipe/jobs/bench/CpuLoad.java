package io.genpipe.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine's CPUs were with other processes between two readings (Linux
 * {@code /proc}): benchmark figures taken while something else ran are not comparable, so the
 * report states this next to them. NaN where {@code /proc} cannot be read.
 */
final class CpuLoad {
  private final long[] start;

  private CpuLoad(long[] start) {
    this.start = start;
  }

  static CpuLoad start() {
    return new CpuLoad(read());
  }

  /** Share of all CPU time since {@link #start} used by processes other than this JVM, 0..1. */
  double othersShare() {
    long[] now = read();
    if (start == null || now == null || now[0] <= start[0]) {
      return Double.NaN;
    }
    long total = now[0] - start[0];
    long busy = now[1] - start[1];
    long self = now[2] - start[2];
    return Math.max(0, (double) (busy - self) / total);
  }

  /** {total jiffies, busy jiffies, this process's jiffies}, or null. */
  private static long[] read() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user..steal; guest is inside user
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
      String self = Files.readString(Path.of("/proc/self/stat"));
      String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
      return new long[] {total, total - idle, own};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
