package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Progress follows a task while it runs: one long task adds to an accumulator row by row, and the
 * value seen on the driver (accumulator + executor heartbeats) rises before the task ends.
 */
class InFlightCountsTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").appName("in-flight-counts")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.heartbeatInterval", "200ms").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aRunningTaskIsCountedBeforeItEnds() throws Exception {
    LongAccumulator rows = spark.sparkContext().longAccumulator("rows");
    InFlightCounts inFlight = new InFlightCounts(rows);
    spark.sparkContext().addSparkListener(inFlight);
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Integer> values = IntStream.range(0, 40).boxed().toList();
      CompletableFuture<Long> job = CompletableFuture.supplyAsync(() -> jsc.parallelize(values, 1)
          .map(v -> {
            Thread.sleep(100);
            rows.add(1);
            return v;
          }).count());
      List<Long> seen = new ArrayList<>();
      while (!job.isDone()) {
        seen.add(inFlight.value(rows));
        Thread.sleep(50);
      }
      assertEquals(40L, job.get());
      assertEquals(40L, rows.value());
      assertTrue(seen.stream().anyMatch(v -> v > 0 && v < 40),
          "a value between 0 and 40 while the only task ran: " + seen);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(40L, inFlight.value(rows), "once the task ended, its in-flight part is gone");
    } finally {
      spark.sparkContext().removeSparkListener(inFlight);
    }
  }
}
