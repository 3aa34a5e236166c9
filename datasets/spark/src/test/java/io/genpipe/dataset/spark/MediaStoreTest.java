package io.genpipe.dataset.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MediaStore on the local filesystem: key checks, publish once, staging cleanup. */
class MediaStoreTest {
  private static final String ID = "ab".repeat(32);
  private final MediaStore store = new MediaStore(new Configuration());
  @TempDir Path out;

  @Test
  void publishesUnderMediaTaskAndLeavesNoStagingObject() throws IOException {
    byte[] png = "not really a png".getBytes(StandardCharsets.UTF_8);
    PublishedMedia p = store.publishObject(out.toString(), "image", ID, "png", png,
        Map.of(MediaMetadata.MODEL_ID, "tiny-sd", MediaMetadata.RUN_ID, "r1"));
    Path file = out.resolve("media/image/" + ID + ".png");
    assertEquals("file:" + file, p.uri());
    assertArrayEquals(png, Files.readAllBytes(file));
    assertEquals(png.length, p.byteSize());
    assertEquals(MediaStore.sha256(png), p.sha256());
    assertFalse(p.alreadyPublished());
    assertFalse(p.metadataStored(), "the local filesystem keeps no object metadata");
    assertEquals(List.of(), dataFiles(out.resolve("media/_staging")));
    assertEquals(List.of(file), dataFiles(out), "no .crc sidecar files");
  }

  @Test
  void secondPublishOfTheSameOutputIdKeepsOneObject() throws IOException {
    byte[] bytes = {1, 2, 3};
    String first = store.publish(out.toString(), "music", ID, "wav", bytes, Map.of());
    PublishedMedia second = store.publishObject(out.toString(), "music", ID, "wav", bytes, Map.of());
    assertEquals(first, second.uri());
    assertTrue(second.alreadyPublished());
    assertEquals(List.of(out.resolve("media/music/" + ID + ".wav")), dataFiles(out.resolve("media")));
  }

  @Test
  void commitToAnExistingKeyDeletesTheStagingObject() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    MediaPaths paths = new MediaPaths(out.toString());
    org.apache.hadoop.fs.Path target = paths.published("image", ID, "png");
    org.apache.hadoop.fs.Path staging = paths.stagingFor("image", ID);
    fs.create(target).close();
    fs.create(staging).close();
    assertTrue(MediaStore.commit(fs, staging, target, true), "a twin had published first");
    assertFalse(fs.exists(staging));
    assertTrue(fs.exists(target));
  }

  @Test
  void outputIdsThatAreNotHexDigestsAreRefusedAsPaths() {
    for (String bad : List.of("../x", "../../etc/passwd", "/etc/passwd", "%2e%2e", "%2E%2E%2Fx",
        "..", "a/b", "..\\x", "s3a://other/x")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.publish(out.toString(), "image", bad, "png", new byte[1], Map.of()), bad);
      assertTrue(e.getMessage().contains("looks like a path")
          && e.getMessage().contains("OUT/media/<task>/"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.publish(out.toString(), "image", ID.toUpperCase(), "png", new byte[1], Map.of()));
    assertTrue(e.getMessage().contains("64 lowercase hex"), e.getMessage());
    assertEquals(List.of(), dataFiles(out));
  }

  @Test
  void tasksAndExtensionsThatCouldLeaveTheFolderAreRefused() {
    for (String task : List.of("..", "../image", "_staging", "/abs", "Image", "")) {
      assertThrows(IllegalArgumentException.class,
          () -> store.publish(out.toString(), task, ID, "png", new byte[1], Map.of()), task);
    }
    for (String ext : List.of("png/../../x", ".png", "p%2fg", "")) {
      assertThrows(IllegalArgumentException.class,
          () -> store.publish(out.toString(), "image", ID, ext, new byte[1], Map.of()), ext);
    }
  }

  @Test
  void metadataOver2KbOrDisagreeingWithTheObjectIsRefused() {
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> store.publish(out.toString(), "image", ID, "png", new byte[1],
            Map.of(MediaMetadata.MANIFEST_URI, "s3a://b/" + "x".repeat(1000),
                MediaMetadata.MODEL_ID, "m".repeat(1000))));
    assertTrue(big.getMessage().contains("2048"), big.getMessage());
    IllegalArgumentException wrongId = assertThrows(IllegalArgumentException.class,
        () -> store.publish(out.toString(), "image", ID, "png", new byte[1],
            Map.of(MediaMetadata.OUTPUT_ID, "cd".repeat(32))));
    assertTrue(wrongId.getMessage().contains("disagrees"), wrongId.getMessage());
    assertThrows(IllegalArgumentException.class, () -> store.publish(out.toString(), "image", ID,
        "png", new byte[1], Map.of("Model_ID", "x")));
    assertThrows(IllegalArgumentException.class, () -> store.publish(out.toString(), "image", ID,
        "png", new byte[1], Map.of(MediaMetadata.MODEL_ID, "caf\u00e9")));
    assertEquals(List.of(), dataFiles(out));
  }

  private static List<Path> dataFiles(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
