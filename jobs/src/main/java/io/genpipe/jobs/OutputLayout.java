package io.genpipe.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a run's outputs go under the output prefix {@code OUT} (any Hadoop filesystem):
 * {@code OUT/manifest/} (Parquet, written by the DataFrame writer) and {@code OUT/runs/<run_id>.json}.
 */
public final class OutputLayout {
  static final String COMMIT_PROTOCOL = "spark.sql.sources.commitProtocolClass";
  static final String PARQUET_COMMITTER = "spark.sql.parquet.output.committer.class";
  static final String PATH_OUTPUT_COMMIT_PROTOCOL =
      "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol";
  static final String BINDING_PARQUET_COMMITTER =
      "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter";
  private final Path root;
  private final Configuration hadoop;

  public OutputLayout(String out, Configuration hadoop) {
    this.root = new Path(out);
    this.hadoop = hadoop;
  }

  public String manifest() {
    return new Path(root, "manifest").toString();
  }

  /** The manifest partition of one run. */
  public String manifestOf(String runId) {
    return new Path(manifest(), "run_id=" + runId).toString();
  }

  /**
   * Whether a run has committed manifest rows here: a {@code run_id=} folder holding a visible data
   * file. A crashed run may have left only hidden {@code _temporary} or {@code __magic} folders,
   * which hold no visible rows.
   */
  public boolean hasManifest() {
    Path dir = new Path(manifest());
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return false;
      }
      for (FileStatus run : fs.listStatus(dir, OutputLayout::visible)) {
        if (run.isDirectory() && fs.listStatus(run.getPath(), OutputLayout::visible).length > 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes what earlier, failed runs left in their manifest folders: the committers' hidden
   * staging ({@code _temporary}, {@code __magic*}) that their abort could not remove (e.g. while
   * the store was unreachable), and then a run folder left empty. Committed rows are never touched;
   * called on {@code --resume} once the new run has committed (a task of the failed job that was
   * still running when it failed has ended by then).
   *
   * @return the paths deleted
   */
  public List<String> removeAbandonedStaging(String currentRunId) {
    Path dir = new Path(manifest());
    List<String> removed = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return removed;
      }
      for (FileStatus run : fs.listStatus(dir, OutputLayout::visible)) {
        if (!run.isDirectory() || run.getPath().getName().equals("run_id=" + currentRunId)) {
          continue;
        }
        for (FileStatus st : fs.listStatus(run.getPath(), p -> isStaging(p.getName()))) {
          fs.delete(st.getPath(), true);
          removed.add(st.getPath().toString());
        }
        // (on an object store the folder may already be gone with its last key)
        if (fs.exists(run.getPath()) && fs.listStatus(run.getPath()).length == 0) {
          fs.delete(run.getPath(), true);
          removed.add(run.getPath().toString());
        }
      }
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean abandoned staging under " + dir + ": "
          + e.getMessage(), e);
    }
  }

  private static boolean isStaging(String name) {
    return name.equals("_temporary") || name.startsWith("__magic");
  }

  private static boolean visible(Path p) {
    return !p.getName().startsWith("_") && !p.getName().startsWith(".");
  }

  public String runReport(String runId) {
    return new Path(new Path(root, "runs"), runId + ".json").toString();
  }

  /** A run's {@code runs/<run_id>.json}, parsed; empty when that run wrote none. */
  public Optional<JsonNode> readRunReport(String runId) {
    Path path = new Path(runReport(runId));
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(path)) {
        return Optional.of(new ObjectMapper().readTree(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run report " + path + ": " + e.getMessage(), e);
    }
  }

  public String root() {
    return root.toString();
  }

  /**
   * Refuses an output prefix that already holds a manifest, so that two runs are never mixed, and
   * one that cannot be created or written.
   */
  public void checkWritable(boolean resume) {
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (fs.exists(new Path(manifest())) && !resume) {
        throw new JobConfigException("output " + root + " already holds a run (manifest/ exists); "
            + "pass --resume to continue it (rows with an ok output are skipped), or choose a new --out");
      }
      fs.mkdirs(root);
      Path probe = new Path(root, "_genpipe_write_probe");
      fs.create(probe, true).close();
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new JobConfigException("output prefix " + root + " is not writable: " + e.getMessage()
          + "; check the path and its permissions/credentials", e);
    }
  }

  /**
   * A warning when {@code OUT} is on S3A and the manifest would not be written through S3A's magic
   * committer (the three settings of docs/deploy.md); empty otherwise. Without them Spark's default
   * committer "renames" on S3 (copy and delete): slow, and a job commit that dies half way leaves a
   * partial manifest.
   *
   * @param sparkSetting a Spark setting's value, or null when unset
   */
  public static Optional<String> s3CommitterWarning(String out, UnaryOperator<String> sparkSetting,
      Configuration hadoop) {
    String scheme = new Path(out).toUri().getScheme();
    boolean magic = "magic".equals(hadoop.getTrimmed("fs.s3a.committer.name"))
        && PATH_OUTPUT_COMMIT_PROTOCOL.equals(sparkSetting.apply(COMMIT_PROTOCOL))
        && BINDING_PARQUET_COMMITTER.equals(sparkSetting.apply(PARQUET_COMMITTER));
    if (!"s3a".equals(scheme) || magic) {
      return Optional.empty();
    }
    return Optional.of("warning: --out " + out + " is on S3 but the manifest will not be written "
        + "through S3A's magic committer, so Spark's default committer will copy and delete every "
        + "file at commit (slow; a commit that dies half way leaves a partial manifest). Add:\n"
        + "  --conf spark.hadoop.fs.s3a.committer.name=magic\n"
        + "  --conf " + COMMIT_PROTOCOL + "=" + PATH_OUTPUT_COMMIT_PROTOCOL + "\n"
        + "  --conf " + PARQUET_COMMITTER + "=" + BINDING_PARQUET_COMMITTER + "\n"
        + "(spark-hadoop-cloud on the classpath; see docs/deploy.md, \"Committer settings\")");
  }

  public void writeText(String file, String text) {
    Path path = new Path(file);
    try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
