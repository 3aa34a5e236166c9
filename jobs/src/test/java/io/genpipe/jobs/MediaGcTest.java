package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.dataset.spark.MediaStore;
import io.genpipe.jobs.cli.GenpipeCli;
import io.genpipe.testing.ConsoleCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** genpipe gc on a local output: a run_id-partitioned manifest, referenced and stray media. */
class MediaGcTest {
  @TempDir Path tmp;

  @Test
  void listsThenDeletesOnlyUnreferencedMediaAndStagingLeftovers() throws Exception {
    Path out = tmp.resolve("out");
    MediaStore store = new MediaStore(new Configuration());
    String kept = store.publish(out.toString(), "image", "a".repeat(64), "png", new byte[10], Map.of());
    String stray = store.publish(out.toString(), "image", "b".repeat(64), "png", new byte[7], Map.of());
    Path leftover = Files.createDirectories(out.resolve("media/_staging/image"))
        .resolve("c".repeat(64) + ".attempt");
    Files.write(leftover, new byte[5]);
    writeManifest(out.resolve("manifest/run_id=r1").toString(), kept, null);

    ConsoleCapture dry = gc(out.toString(), "--min-age", "0");
    assertEquals(0, dry.exit(), dry.err());
    assertTrue(dry.out().contains("media objects: 3 (22 bytes), referenced by the manifest: 1"), dry.out());
    assertTrue(dry.out().contains("unreferenced: 1 (7 bytes)") && dry.out().contains("staging leftovers: 1 (5 bytes)")
        && dry.out().contains("dry run"), dry.out());
    assertTrue(Files.exists(Path.of(java.net.URI.create(stray))), "a dry run deletes nothing");

    ConsoleCapture young = gc(out.toString(), "--delete");
    assertTrue(young.out().contains("kept as younger than --min-age: 2") && young.out().contains("deleted 0"),
        young.out());

    ConsoleCapture del = gc(out.toString(), "--delete", "--min-age", "0");
    assertTrue(del.out().contains("deleted 2 objects (12 bytes)"), del.out());
    assertTrue(Files.exists(Path.of(java.net.URI.create(kept))));
    assertFalse(Files.exists(Path.of(java.net.URI.create(stray))));
    assertFalse(Files.exists(leftover));
  }

  @Test
  void aManifestWithoutObjectUriReferencesNothingAndNoManifestIsRefused() throws Exception {
    Path out = tmp.resolve("text-out");
    new MediaStore(new Configuration()).publish(out.toString(), "image", "d".repeat(64), "png",
        new byte[3], Map.of());
    ConsoleCapture refused = gc(out.toString());
    assertEquals(GenpipeCli.EXIT_CONFIG, refused.exit(), refused.out());
    assertTrue(refused.err().contains("no manifest"), refused.err());
    writeManifest(out.resolve("manifest").toString(), null, "text only");
    ConsoleCapture o = gc(out.toString(), "--min-age", "0s");
    assertTrue(o.out().contains("unreferenced: 1 (3 bytes)"), o.out());
  }

  private static void writeManifest(String dir, String objectUri, String text) {
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .getOrCreate();
    try {
      StructType schema = objectUri != null
          ? new StructType().add("prompt_id", DataTypes.StringType).add("object_uri", DataTypes.StringType)
          : new StructType().add("prompt_id", DataTypes.StringType).add("text", DataTypes.StringType);
      spark.createDataFrame(List.of(RowFactory.create("p1", objectUri != null ? objectUri : text),
          RowFactory.create("p2", null)), schema).write().parquet(dir);
    } finally {
      spark.stop();
    }
  }

  private static ConsoleCapture gc(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "gc";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--conf";
    all[args.length + 2] = "spark.ui.enabled=false";
    return ConsoleCapture.run(GenpipeCli::execute, all);
  }
}
