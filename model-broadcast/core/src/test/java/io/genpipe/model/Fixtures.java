package io.genpipe.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Model folders written by tests, and a hasher that counts the files it reads. */
final class Fixtures {
  /** An mtime well outside the digest cache's racy window. */
  static final FileTime OLD = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  private Fixtures() {}

  /** Writes {@code dir/rel} (creating folders) with an old mtime, so that its digest is cached. */
  static Path write(Path dir, String rel, String content) {
    try {
      Path file = dir.resolve(rel);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      Files.setLastModifiedTime(file, OLD);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** a.txt, sub/b.bin, B.txt, plus hidden files that are not part of the model. */
  static Path smallModel(Path dir) {
    write(dir, "a.txt", "hello\n");
    write(dir, "sub/b.bin", "abc");
    write(dir, "B.txt", "z");
    write(dir, ".hidden", "x");
    write(dir, ".git/c", "y");
    return dir;
  }

  static final class CountingHasher implements FileHasher {
    final AtomicInteger reads = new AtomicInteger();
    private final FileHasher delegate = Sha256.streaming();

    @Override
    public String sha256(Path file) throws IOException {
      reads.incrementAndGet();
      return delegate.sha256(file);
    }
  }
}
