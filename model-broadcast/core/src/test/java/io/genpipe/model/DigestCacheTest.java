package io.genpipe.model;

import static io.genpipe.model.Fixtures.OLD;
import static io.genpipe.model.Fixtures.smallModel;
import static io.genpipe.model.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genpipe.model.Fixtures.CountingHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest cache is keyed by (relative path, size, mtime): these tests pin that contract,
 * including its blind spot (same size, restored mtime).
 */
class DigestCacheTest {
  @TempDir Path tmp;

  private final CountingHasher hasher = new CountingHasher();

  private ModelDescriptor resolve(Path dir) {
    return ModelResolver.resolve(dir, null, hasher, tmp.resolve("tmpdir"));
  }

  @Test
  void unchangedFolderIsNotReadAgain() {
    Path dir = smallModel(tmp.resolve("m"));
    ModelDescriptor first = resolve(dir);
    assertEquals(3, hasher.reads.get());
    ModelDescriptor second = resolve(dir);
    assertEquals(3, hasher.reads.get(), "second resolve must not read any file");
    assertEquals(first, second);
  }

  @Test
  void cacheNeverLivesInTheModelFolder() throws IOException {
    Path dir = smallModel(tmp.resolve("m"));
    resolve(dir);
    assertFalse(Files.exists(dir.resolve(DigestCache.FILE_NAME)), "model folder left untouched");
    assertTrue(Files.isRegularFile(cacheFile(dir)));
  }

  private Path cacheFile(Path dir) throws IOException {
    return tmp.resolve("tmpdir").resolve(DigestCache.TMP_FOLDER)
        .resolve(Sha256.ofUtf8(dir.toRealPath().toString()) + ".json");
  }

  @Test
  void sameSizeAndMtimeReturnTheCachedDigest() throws IOException {
    Path dir = smallModel(tmp.resolve("m"));
    String original = resolve(dir).file("a.txt").orElseThrow().sha256();
    write(dir, "a.txt", "HELLO\n"); // same size; write() restores the same old mtime
    assertEquals(
        original,
        resolve(dir).file("a.txt").orElseThrow().sha256(),
        "documented blind spot: the cache trusts (size, mtime)");
    Files.setLastModifiedTime(
        dir.resolve("a.txt"), FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
    assertNotEquals(original, resolve(dir).file("a.txt").orElseThrow().sha256());
    assertEquals(3 + 1, hasher.reads.get());
  }

  @Test
  void sizeChangeIsNoticedEvenWithSameMtime() {
    Path dir = smallModel(tmp.resolve("m"));
    String original = resolve(dir).file("a.txt").orElseThrow().sha256();
    write(dir, "a.txt", "hello, world\n");
    assertNotEquals(original, resolve(dir).file("a.txt").orElseThrow().sha256());
  }

  @Test
  void recentlyModifiedFilesAreHashedAgain() throws IOException {
    Path dir = smallModel(tmp.resolve("m"));
    Files.setLastModifiedTime(dir.resolve("a.txt"), FileTime.from(Instant.now()));
    resolve(dir);
    resolve(dir);
    assertEquals(3 + 1, hasher.reads.get(), "only the fresh file is read twice");
  }

  @Test
  void corruptCacheIsIgnoredAndRewritten() throws IOException {
    Path dir = smallModel(tmp.resolve("m"));
    resolve(dir);
    hasher.reads.set(0);
    Files.writeString(cacheFile(dir), "{not json");
    String digest = resolve(dir).sha256();
    assertEquals(3, hasher.reads.get());
    assertEquals(digest, resolve(dir).sha256());
    assertEquals(3, hasher.reads.get());
  }

  @Test
  void readOnlyFolderUsesPrivateTmpFolder() throws IOException {
    Path dir = smallModel(tmp.resolve("ro"));
    assumeTrue(posix(dir), "POSIX permissions needed");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      resolve(dir);
      resolve(dir);
      assertEquals(3, hasher.reads.get());
      assertFalse(Files.exists(dir.resolve(DigestCache.FILE_NAME)));
      Path folder = tmp.resolve("tmpdir").resolve(DigestCache.TMP_FOLDER);
      Path file = folder.resolve(Sha256.ofUtf8(dir.toRealPath().toString()) + ".json");
      assertTrue(Files.isRegularFile(file), file.toString());
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void sharedWritableTmpFolderIsNotTrusted() throws IOException {
    Path dir = smallModel(tmp.resolve("ro"));
    assumeTrue(posix(dir), "POSIX permissions needed");
    Path folder = Files.createDirectories(tmp.resolve("tmpdir").resolve(DigestCache.TMP_FOLDER));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertNull(DigestCache.locate(dir.toRealPath(), tmp.resolve("tmpdir")));
      resolve(dir);
      resolve(dir);
      assertEquals(6, hasher.reads.get(), "no cache: every resolve reads every file");
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void removedFilesAreDroppedFromTheCache() throws IOException {
    Path dir = smallModel(tmp.resolve("m"));
    resolve(dir);
    Files.delete(dir.resolve("B.txt"));
    resolve(dir);
    String json = Files.readString(cacheFile(dir));
    assertFalse(json.contains("B.txt"), json);
    assertTrue(json.contains("sub/b.bin"), json);
    assertEquals(OLD.toInstant(), Files.getLastModifiedTime(dir.resolve("a.txt")).toInstant());
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
