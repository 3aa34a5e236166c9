package io.genpipe.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Digests of listed files: from the cache where it holds them, else by reading each file. */
final class FolderDigests {
  private FolderDigests() {}

  static List<ModelFile> compute(List<FileStat> stats, DigestCache cache, FileHasher hasher) {
    List<ModelFile> files = new ArrayList<>(stats.size());
    for (FileStat stat : stats) {
      String sha256 = cache.get(stat);
      if (sha256 == null) {
        sha256 = read(stat, cache, hasher);
      }
      files.add(new ModelFile(stat.path(), stat.size(), sha256));
    }
    return files;
  }

  private static String read(FileStat stat, DigestCache cache, FileHasher hasher) {
    Instant started = Instant.now();
    try {
      String sha256 = hasher.sha256(stat.file());
      BasicFileAttributes after = Files.readAttributes(stat.file(), BasicFileAttributes.class);
      if (after.size() != stat.size()
          || after.lastModifiedTime().to(TimeUnit.NANOSECONDS) != stat.mtimeNanos()) {
        throw new ModelException(
            "Model file "
                + stat.file()
                + " changed while it was being hashed. Fix: resolve the"
                + " model again once writes to its folder have finished.");
      }
      cache.put(stat, sha256, started);
      return sha256;
    } catch (IOException e) {
      throw new ModelException(
          "Cannot read model file "
              + stat.file()
              + ": "
              + e
              + ". Fix: make it readable by the user running the driver.",
          e);
    }
  }
}
