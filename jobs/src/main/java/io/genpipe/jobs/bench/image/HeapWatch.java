package io.genpipe.jobs.bench.image;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak memory of one measured run: the JVM heap (sampled every 5 ms through
 * {@link MemoryMXBean}, and the sum of the heap pools' own peak counters, reset at start: an
 * upper bound, since pools peak at different moments) and the process's resident set (sampled
 * from {@code /proc/self/status}, so native ONNX Runtime memory counts too). A full GC at start
 * gives the baseline the run adds to.
 */
final class HeapWatch implements AutoCloseable {
  private static final double MB = 1 << 20;

  /**
   * @param baselineMb heap used after a GC, before the run
   * @param sampledPeakMb highest heap used seen by the sampler
   * @param poolPeakSumMb sum of the heap pools' peak usage during the run
   * @param rssPeakMb highest resident set size seen by the sampler (NaN off Linux)
   */
  record Peak(double baselineMb, double sampledPeakMb, double poolPeakSumMb, double rssPeakMb) {}

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final double baseline;
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long maxHeap;
  private volatile long maxRssKb = -1;
  private Peak peak;

  private HeapWatch() {
    System.gc();
    baseline = memory.getHeapMemoryUsage().getUsed() / MB;
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    sampler = new Thread(this::sample, "genpipe-bench-heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  static HeapWatch start() {
    return new HeapWatch();
  }

  private void sample() {
    int tick = 0;
    while (running) {
      maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
      if (tick++ % 4 == 0) {
        maxRssKb = Math.max(maxRssKb, rssKb());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  Peak peak() {
    return peak;
  }

  @Override
  public void close() {
    running = false;
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
    double poolSum = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / MB;
    peak = new Peak(baseline, maxHeap / MB, poolSum, maxRssKb < 0 ? Double.NaN : maxRssKb / 1024.0);
  }
}
