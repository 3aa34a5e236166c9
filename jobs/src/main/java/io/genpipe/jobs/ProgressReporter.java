package io.genpipe.jobs;

import io.genpipe.udf.spark.TextProgress;
import java.io.PrintStream;
import org.apache.spark.SparkContext;
import java.time.Duration;

/**
 * Prints live progress of a running job (rows done/total, rows/s, tokens/s, ETA) every interval,
 * from the accumulators that finished tasks merged plus what running tasks reported in their last
 * executor heartbeat ({@link InFlightCounts}).
 */
final class ProgressReporter implements AutoCloseable {
  private final TextProgress progress;
  private final long total;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final Thread thread;
  private final InFlightCounts inFlight;
  private final SparkContext sc;

  ProgressReporter(SparkContext sc, TextProgress progress, long total, int intervalSeconds,
      PrintStream out) {
    this.progress = progress;
    this.total = total;
    this.out = out;
    this.sc = sc;
    this.inFlight = new InFlightCounts(progress.rows(), progress.errors(), progress.tokensOut());
    sc.addSparkListener(inFlight);
    this.thread = new Thread(() -> loop(intervalSeconds * 1000L), "genpipe-progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop(long intervalMillis) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(intervalMillis);
        out.println(line());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String line() {
    long rows = Math.min(inFlight.value(progress.rows()), total);
    double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    double rowsPerSec = rows / secs;
    String eta = rows == 0 ? "?" : format(Duration.ofSeconds((long) ((total - rows) / rowsPerSec)));
    return String.format("progress: %d/%d rows (%.0f%%), %.1f rows/s, %.1f tokens/s, %d errors, ETA %s",
        rows, total, total == 0 ? 100.0 : 100.0 * rows / total, rowsPerSec,
        inFlight.value(progress.tokensOut()) / secs, inFlight.value(progress.errors()), eta);
  }

  private static String format(Duration d) {
    return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }

  @Override
  public void close() {
    thread.interrupt();
    sc.removeSparkListener(inFlight);
  }
}
