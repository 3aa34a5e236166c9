package io.genpipe.jobs;

import static org.apache.spark.sql.functions.col;

import io.genpipe.dataset.spark.MediaPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Finds media objects under {@code OUT/media} that no manifest row references ({@code object_uri})
 * and staging leftovers of killed attempts under {@code OUT/media/_staging}, and deletes them on
 * request. Objects younger than a minimum age are kept: a running job publishes objects before its
 * manifest is committed, so only collect an output prefix no job is writing to.
 */
public final class MediaGc {
  private final SparkSession spark;
  private final MediaPaths paths;
  private final Path manifest;

  public MediaGc(SparkSession spark, String out) {
    this.spark = spark;
    this.paths = new MediaPaths(out);
    this.manifest = new Path(new Path(out), "manifest");
  }

  /** What a collection would delete; nothing is changed. */
  public GcPlan plan(Duration minAge) {
    try {
      FileSystem fs = paths.media().getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(manifest)) {
        throw new JobConfigException("no manifest at " + manifest + ": gc only deletes media that "
            + "a manifest does not reference, so it needs the run's manifest; check OUT");
      }
      Set<String> referenced = referenced(fs);
      List<FileStatus> media = list(fs);
      return GcPlan.of(media, referenced, fs.makeQualified(paths.staging()).toString() + "/",
          System.currentTimeMillis() - minAge.toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + paths.media() + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the plan's garbage; returns the number of objects deleted. */
  public long delete(GcPlan plan) {
    long deleted = 0;
    try {
      FileSystem fs = paths.media().getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (FileStatus f : plan.garbage()) {
        if (fs.delete(f.getPath(), false)) {
          deleted++;
        }
      }
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException("gc stopped after deleting " + deleted + " objects: "
          + e.getMessage(), e);
    }
  }

  private List<FileStatus> list(FileSystem fs) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    if (!fs.exists(paths.media())) {
      return out;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(paths.media(), true);
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  /** Qualified {@code object_uri}s of every manifest row; none when the column is absent. */
  private Set<String> referenced(FileSystem fs) {
    Dataset<Row> m = spark.read().parquet(manifest.toString());
    Set<String> uris = new HashSet<>();
    if (!Arrays.asList(m.columns()).contains("object_uri")) {
      return uris;
    }
    Iterator<Row> it = m.select("object_uri").where(col("object_uri").isNotNull()).distinct()
        .toLocalIterator();
    while (it.hasNext()) {
      uris.add(qualify(fs, it.next().getString(0)));
    }
    return uris;
  }

  private static String qualify(FileSystem fs, String uri) {
    try {
      return fs.makeQualified(new Path(uri)).toString();
    } catch (IllegalArgumentException e) {
      return uri; // another filesystem's object: never equal to one listed here
    }
  }
}
