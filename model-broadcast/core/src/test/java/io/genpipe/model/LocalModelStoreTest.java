package io.genpipe.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights rebuilt from many small chunks, verified file by file, published once; a corrupt chunk
 * is refused naming the file and leaves nothing behind.
 */
class LocalModelStoreTest {
  @TempDir Path tmp;

  private ModelDescriptor model() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    byte[] weights = new byte[100_000];
    new SplittableRandom(3).nextBytes(weights);
    Files.write(dir.resolve("model.onnx"), weights);
    Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"llama\"}");
    Files.createDirectories(dir.resolve("tokenizer"));
    Files.writeString(dir.resolve("tokenizer/tokenizer.json"), "{}");
    return ModelResolver.resolve(dir);
  }

  /** The chunk as the driver would read it from the model folder. */
  private byte[] chunk(ChunkPlan plan, int i) {
    byte[] out = new byte[plan.chunkLength(i)];
    for (ChunkPlan.Piece p : plan.pieces(i)) {
      try (RandomAccessFile raf = new RandomAccessFile(tmp.resolve("model").resolve(p.file().path()).toFile(), "r")) {
        raf.seek(p.fileOffset());
        raf.readFully(out, p.chunkOffset(), p.length());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out;
  }

  @Test
  void chunksCoverEveryByteOnceAndRebuildTheFilesExactly() throws IOException {
    ModelDescriptor d = model();
    ChunkPlan plan = new ChunkPlan(d.files(), 4096);
    assertEquals(d.totalBytes(), plan.totalBytes());
    assertTrue(plan.chunkCount() > 20, "a file spans many chunks");
    long covered = 0;
    for (int i = 0; i < plan.chunkCount(); i++) {
      covered += plan.pieces(i).stream().mapToInt(ChunkPlan.Piece::length).sum();
    }
    assertEquals(plan.totalBytes(), covered);
    AtomicInteger fetched = new AtomicInteger();
    Path local = new LocalModelStore(tmp.resolve("cache")).materialise(d,
        new ChunkFetcher(plan, i -> { fetched.incrementAndGet(); return chunk(plan, i); }));
    assertEquals(tmp.resolve("cache").resolve(d.sha256()), local);
    for (ModelFile f : d.files()) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("model").resolve(f.path())),
          Files.readAllBytes(local.resolve(f.path())), f.path());
    }
    assertEquals(plan.chunkCount(), fetched.get());
    new LocalModelStore(tmp.resolve("cache")).materialise(d, staging -> {
      throw new AssertionError("a published model is not fetched again");
    });
  }

  @Test
  void aCorruptChunkIsRefusedNamingTheFileAndNothingIsKept() throws IOException {
    ModelDescriptor d = model();
    ChunkPlan plan = new ChunkPlan(d.files(), 4096);
    ModelException e = assertThrows(ModelException.class, () ->
        new LocalModelStore(tmp.resolve("cache")).materialise(d, new ChunkFetcher(plan, i -> {
          byte[] c = chunk(plan, i);
          if (i == plan.chunkCount() / 2) {
            c[0] ^= 1;
          }
          return c;
        })));
    // The middle chunk lies inside model.onnx (files in path order: config.json, model.onnx, ...).
    assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains("failed verification"),
        e.getMessage());
    try (Stream<Path> left = Files.list(tmp.resolve("cache"))) {
      List<String> names = left.map(p -> p.getFileName().toString()).toList();
      assertFalse(names.contains(d.sha256()), "no published entry: " + names);
      assertTrue(names.stream().noneMatch(n -> n.contains("staging")), "no staging left: " + names);
    }
    // A later clean fetch succeeds.
    Path ok = new LocalModelStore(tmp.resolve("cache")).materialise(d, new ChunkFetcher(plan, i -> chunk(plan, i)));
    assertTrue(Files.isRegularFile(ok.resolve("model.onnx")));
  }

  @Test
  void aTruncatedPublishedEntryIsFetchedAgain() throws IOException {
    ModelDescriptor d = model();
    ChunkPlan plan = new ChunkPlan(d.files(), 65536);
    LocalModelStore store = new LocalModelStore(tmp.resolve("cache"));
    Path local = store.materialise(d, new ChunkFetcher(plan, i -> chunk(plan, i)));
    Files.write(local.resolve("model.onnx"), new byte[10]);
    AtomicInteger fetched = new AtomicInteger();
    store.materialise(d, new ChunkFetcher(plan, i -> { fetched.incrementAndGet(); return chunk(plan, i); }));
    assertEquals(plan.chunkCount(), fetched.get(), "a damaged entry is replaced, never used");
    assertEquals(100_000, Files.size(local.resolve("model.onnx")));
  }

  @Test
  void chunkSizeIsBoundedBelowTwoGigabytes() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkPlan(List.of(), 0));
    assertThrows(IllegalArgumentException.class, () -> new ChunkPlan(List.of(), 1L << 31));
    // A 5 GB file in 256 MB chunks: 20 chunks, none over the limit.
    ChunkPlan big = new ChunkPlan(List.of(new ModelFile("model.onnx_data", 5L << 30, "a".repeat(64))), 256L << 20);
    assertEquals(20, big.chunkCount());
    assertEquals(256L << 20, big.chunkLength(19));
    assertEquals(1, big.pieces(19).size());
    assertEquals((5L << 30) - (256L << 20), big.pieces(19).get(0).fileOffset());
  }

  @Test
  void aFreshCacheRootIsCreatedOwnerOnly() throws IOException {
    Path root = tmp.resolve("parent/cache");
    ModelDescriptor d = model();
    ChunkPlan plan = new ChunkPlan(d.files(), 1 << 20);
    Path dir = new LocalModelStore(root).materialise(d, new ChunkFetcher(plan, i -> chunk(plan, i)));
    assertEquals(root, dir.getParent());
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(root)));
  }

  @Test
  void aRootOthersMayWriteIsNotTrustedAndAPerUserRootIsUsed() throws IOException {
    ModelDescriptor d = model();
    Path shared = Files.createDirectories(tmp.resolve("shared-cache"));
    Files.setPosixFilePermissions(shared,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    // Someone else's "published" entry: marker and sizes right, content not.
    Path planted = Files.createDirectories(shared.resolve(d.sha256()));
    for (ModelFile f : d.files()) {
      Files.createDirectories(planted.resolve(f.path()).getParent());
      Files.write(planted.resolve(f.path()), new byte[(int) f.size()]);
    }
    Files.writeString(planted.resolve(LocalModelStore.COMPLETE), d.sha256());

    ChunkPlan plan = new ChunkPlan(d.files(), 1 << 20);
    Path dir = new LocalModelStore(shared).materialise(d, new ChunkFetcher(plan, i -> chunk(plan, i)));
    Path mine = tmp.resolve("shared-cache-" + System.getProperty("user.name"));
    assertEquals(mine.resolve(d.sha256()), dir);
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(mine)));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("model/model.onnx")),
        Files.readAllBytes(dir.resolve("model.onnx")), "fetched and verified, not the planted file");
  }

  @Test
  void userTokenInTheRootNamesThisUser() {
    Path root = LocalModelStore.privateRoot(tmp.resolve("cache-{user}"));
    assertEquals(tmp.resolve("cache-" + System.getProperty("user.name")), root);
  }
}
