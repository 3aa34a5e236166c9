package io.genpipe.model;

import java.io.IOException;
import java.nio.file.Path;

/** Computes the SHA-256 of a file's bytes; a seam so that tests can count reads. */
@FunctionalInterface
interface FileHasher {
  /** Lowercase hex SHA-256 of the file's content. */
  String sha256(Path file) throws IOException;
}
