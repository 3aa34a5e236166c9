package io.genpipe.model.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The driver's local view of a model folder given as a URI on any Hadoop filesystem: a local path
 * as is; otherwise a copy under {@code cacheRoot/downloads/}, refreshed only when the remote
 * listing (names, sizes, modification times) changes, so that it can be digested and inspected.
 */
public final class DriverModelFolder {
  private DriverModelFolder() {}

  public static boolean isLocal(String location) {
    return !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:");
  }

  public static Path localCopy(String uri, Configuration hadoop, Path cacheRoot) {
    try {
      org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(uri);
      FileSystem fs = base.getFileSystem(hadoop);
      if (!fs.getFileStatus(base).isDirectory()) {
        throw new IllegalArgumentException("model location " + uri + " is not a folder");
      }
      List<LocatedFileStatus> files = list(fs, base);
      String listing = listing(base, files);
      Path target = io.genpipe.model.LocalModelStore.privateRoot(cacheRoot).resolve("downloads")
          .resolve(sha256(uri));
      Path stamp = target.resolve(".genpipe-listing");
      if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(listing)) {
        return target;
      }
      Files.createDirectories(target);
      for (FileStatus f : files) {
        Path dest = target.resolve(relative(base, f));
        Files.createDirectories(dest.getParent());
        try (InputStream in = fs.open(f.getPath())) {
          Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.writeString(stamp, listing);
      return target;
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("model folder " + uri + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model folder " + uri + ": " + e.getMessage(), e);
    }
  }

  private static List<LocatedFileStatus> list(FileSystem fs, org.apache.hadoop.fs.Path base)
      throws IOException {
    List<LocatedFileStatus> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(base, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      if (!f.getPath().getName().startsWith(".")) {
        out.add(f);
      }
    }
    return out;
  }

  private static String relative(org.apache.hadoop.fs.Path base, FileStatus f) {
    String b = base.toUri().getPath();
    String p = f.getPath().toUri().getPath();
    return p.substring(b.endsWith("/") ? b.length() : b.length() + 1);
  }

  private static String listing(org.apache.hadoop.fs.Path base, List<LocatedFileStatus> files) {
    StringBuilder sb = new StringBuilder();
    files.stream().sorted((a, b) -> a.getPath().compareTo(b.getPath())).forEach(f -> sb
        .append(relative(base, f)).append('\t').append(f.getLen()).append('\t')
        .append(f.getModificationTime()).append('\n'));
    return sb.toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
