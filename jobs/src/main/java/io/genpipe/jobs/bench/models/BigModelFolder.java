package io.genpipe.jobs.bench.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A large model folder for the benchmark: a copy of a small real model (so it still loads) plus
 * {@code weights.bin}, deterministic pseudo-random bytes (incompressible, like real weights).
 * File times are set an hour back: genpipe's digest cache does not store the digest of a file
 * modified less than 2 s before hashing began, and a downloaded model is older than that.
 */
final class BigModelFolder {
  static final String WEIGHTS = "weights.bin";
  private static final int WRITE_BYTES = 8 << 20;

  private BigModelFolder() {}

  /** Copies {@code base} into {@code target} (which must not exist) and adds the weights file. */
  static void create(Path base, Path target, long weightBytes, long seed) throws IOException {
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        Path dest = target.resolve(base.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    writeRandom(target.resolve(WEIGHTS), weightBytes, seed);
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    try (Stream<Path> s = Files.walk(target)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  /** Writes {@code bytes} deterministic pseudo-random bytes (SplittableRandom {@code seed}). */
  static void writeRandom(Path file, long bytes, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    ByteBuffer buf = ByteBuffer.allocateDirect(WRITE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      long left = bytes;
      while (left > 0) {
        int n = (int) Math.min(WRITE_BYTES, left);
        buf.clear();
        LongBuffer longs = buf.asLongBuffer();
        int words = (n + 7) / 8;
        for (int i = 0; i < words; i++) {
          longs.put(rng.nextLong());
        }
        buf.limit(n);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        left -= n;
      }
    }
  }

  /** Sum of the sizes of the regular files under {@code dir}. */
  static long totalBytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> paths = s.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
