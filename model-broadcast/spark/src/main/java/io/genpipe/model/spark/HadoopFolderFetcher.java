package io.genpipe.model.spark;

import io.genpipe.model.ModelFetcher;
import io.genpipe.model.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Copies a model's files from a folder on any Hadoop filesystem (hdfs://, s3a://, file:). */
final class HadoopFolderFetcher implements ModelFetcher, Serializable {
  private final String uri;
  private final List<ModelFile> files;

  HadoopFolderFetcher(String uri, List<ModelFile> files) {
    this.uri = uri;
    this.files = files;
  }

  @Override
  public long fetchInto(Path staging) throws IOException {
    org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(uri);
    FileSystem fs = base.getFileSystem(hadoopConf());
    long bytes = 0;
    for (ModelFile f : files) {
      Path target = staging.resolve(f.path());
      Files.createDirectories(target.getParent());
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(base, f.path()))) {
        bytes += Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return bytes;
  }

  private static Configuration hadoopConf() {
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    return env == null ? new Configuration()
        : org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(env.conf());
  }
}
