package io.genpipe.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * One regular file of a model folder.
 *
 * @param path relative to the model folder, segments separated by {@code '/'} on every platform; no
 *     empty, {@code "."} or {@code ".."} segments and no control characters (they would make the
 *     content digest's {@code path\0sha256\n} lines ambiguous)
 * @param size in bytes
 * @param sha256 of the file's bytes, 64 lowercase hex characters
 */
public record ModelFile(String path, long size, String sha256) implements Serializable {

  public ModelFile {
    Objects.requireNonNull(path, "path");
    checkRelativePath(path);
    if (size < 0) {
      throw new IllegalArgumentException("size of '" + path + "' must be >= 0, got " + size);
    }
    Sha256.requireHex(sha256, "sha256 of '" + path + "'");
  }

  private static void checkRelativePath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0) {
      throw new IllegalArgumentException(
          "path must be relative and '/'-separated, got '" + path + "'");
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("path must not contain control characters: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "path must not contain empty, '.' or '..' segments, got '" + path + "'");
      }
    }
  }
}
