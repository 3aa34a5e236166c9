package io.genpipe.dataset.spark;

import io.genpipe.dataset.PromptDatasetException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Driver-side checks that a dataset path exists before Spark is asked to read it. */
final class DatasetPaths {
  private DatasetPaths() {}

  /**
   * Fails unless {@code path} (a Hadoop path or glob: file:, s3a://, hdfs://, ...) matches at least
   * one file, or a folder holding at least one visible entry.
   */
  static void requireData(SparkSession spark, String path) {
    Path hadoopPath = new Path(path);
    try {
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(hadoopPath);
      if (matches == null || matches.length == 0) {
        throw new PromptDatasetException(
            "prompt dataset path '" + path + "' does not exist; check the path"
                + " (and, for an object store, the bucket name and credentials)");
      }
      if (Arrays.stream(matches).allMatch(FileStatus::isDirectory) && allEmpty(fs, matches)) {
        throw new PromptDatasetException(
            "prompt dataset folder '" + path + "' holds no data files;"
                + " point at a folder with part files or at a single file");
      }
    } catch (IOException e) {
      throw new PromptDatasetException(
          "cannot access prompt dataset path '" + path + "': " + e.getMessage()
              + "; check the path, its file system scheme and credentials", e);
    }
  }

  private static boolean allEmpty(FileSystem fs, FileStatus[] folders) throws IOException {
    for (FileStatus folder : folders) {
      if (Arrays.stream(fs.listStatus(folder.getPath())).anyMatch(DatasetPaths::isVisible)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVisible(FileStatus status) {
    String name = status.getPath().getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }
}
