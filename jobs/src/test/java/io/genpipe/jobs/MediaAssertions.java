package io.genpipe.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** Media objects of a local OUT after faults: exactly once, all referenced, nothing staged. */
final class MediaAssertions {
  private MediaAssertions() {}

  /**
   * Exactly one object under OUT/media/image per ok image row of the consolidated view, each the
   * one its row references; gc (dry run, no minimum age) finds no unreferenced object. Without
   * {@code killedAttempts} no staging object may be left; with it (an executor or driver killed
   * between a staging write and its publish leaves one, never visible under media/image) gc must
   * delete exactly the leftovers. Either way media/_staging ends empty.
   */
  static void assertExactlyOnce(SparkSession spark, Path out, int okImages, boolean killedAttempts)
      throws Exception {
    Set<String> referenced = ManifestViews.latest(spark.read().parquet(out.resolve("manifest").toString()))
        .where(col("task").equalTo("image").and(col("status").equalTo("ok")))
        .select("object_uri").collectAsList().stream()
        .map(r -> Path.of(URI.create(r.getString(0))).toString())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(okImages, referenced.size(), "one distinct object per ok image row");
    Set<String> objects;
    try (Stream<Path> files = Files.list(out.resolve("media/image"))) {
      objects = files.map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(referenced, objects, "every object under media/image is referenced, once");
    MediaGc gc = new MediaGc(spark, out.toString());
    GcPlan plan = gc.plan(Duration.ZERO);
    assertEquals(List.of(), plan.unreferenced(), "gc finds no orphan published object");
    assertEquals(okImages, plan.referenced());
    if (killedAttempts) {
      assertEquals(plan.staging().size(), gc.delete(plan), "gc removes the staging leftovers");
    } else {
      assertEquals(List.of(), plan.staging(), "no staging leftover");
    }
    assertStagingEmpty(out);
  }

  private static void assertStagingEmpty(Path out) throws Exception {
    Path staging = out.resolve("media/_staging");
    if (Files.exists(staging)) {
      try (Stream<Path> files = Files.walk(staging)) {
        assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "staging objects left");
      }
    }
  }
}
