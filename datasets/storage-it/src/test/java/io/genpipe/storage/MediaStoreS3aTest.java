package io.genpipe.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.dataset.spark.MediaMetadata;
import io.genpipe.dataset.spark.MediaStore;
import io.genpipe.dataset.spark.PublishedMedia;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/** MediaStore on s3a:// against a real S3 API (in-process S3Proxy). */
class MediaStoreS3aTest {
  private static final String BUCKET = "media-it";
  private static final String ID = "5e".repeat(32);
  private static S3ProxyServer s3;
  private static MediaStore store;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(BUCKET);
    store = new MediaStore(s3.configuration());
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static Map<String, String> provenance(String out) {
    Map<String, String> m = new TreeMap<>();
    m.put(MediaMetadata.DIGITAL_SOURCE_TYPE, "trainedAlgorithmicMedia");
    m.put(MediaMetadata.MODEL_ID, "tiny-sd");
    m.put(MediaMetadata.MODEL_LICENSE, "LicenseRef-creativeml-openrail-m");
    m.put(MediaMetadata.RUN_ID, "run-7");
    m.put(MediaMetadata.MANIFEST_URI, out + "/manifest");
    return m;
  }

  @Test
  void publishedObjectCarriesItsUserMetadata() throws Exception {
    String out = s3.uri("meta");
    byte[] png = "png bytes".getBytes(StandardCharsets.UTF_8);
    PublishedMedia p = store.publishObject(out, "image", ID, "png", png, provenance(out));
    assertEquals(s3.uri("meta/media/image/" + ID + ".png"), p.uri());
    assertTrue(p.metadataStored());
    assertArrayEquals(png, s3.read("meta/media/image/" + ID + ".png"));

    Map<String, String> expected = new TreeMap<>(provenance(out));
    expected.put(MediaMetadata.OUTPUT_ID, ID);
    expected.put(MediaMetadata.SHA256, p.sha256());
    assertEquals(expected, new TreeMap<>(s3.userMetadata("meta/media/image/" + ID + ".png")),
        "x-amz-meta-* as the store holds them");
    assertEquals(expected, store.readMetadata(p.uri()), "read back through S3A getXAttrs");
  }

  @Test
  void publishingTheSameOutputTwiceLeavesOneObjectAndNoStagingObject() throws Exception {
    String out = s3.uri("twice");
    byte[] wav = {82, 73, 70, 70};
    String first = store.publish(out, "music", ID, "wav", wav, provenance(out));
    PublishedMedia second = store.publishObject(out, "music", ID, "wav", wav, provenance(out));
    assertEquals(first, second.uri());
    assertTrue(second.alreadyPublished());
    List<String> objects = files("twice/");
    assertEquals(List.of("twice/media/music/" + ID + ".wav"), objects);
  }

  @Test
  void traversalIdsAreRefusedBeforeAnyRequest() {
    String out = s3.uri("evil");
    for (String bad : List.of("../x", "../../other-bucket/x", "/etc/passwd", "%2e%2e", "%2E%2E%2Fx")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.publish(out, "image", bad, "png", new byte[1], Map.of()), bad);
      assertTrue(e.getMessage().contains("looks like a path"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> store.publish(out, "../image", ID, "png", new byte[1], Map.of()));
    assertThrows(IllegalArgumentException.class, () -> store.publish(out, "image", ID, "png",
        new byte[1], Map.of(MediaMetadata.MODEL_ID, "m".repeat(1000), "note", "n".repeat(1040))));
    assertEquals(List.of(), s3.objects("").stream().map(S3Object::key)
        .filter(k -> !k.startsWith("meta/") && !k.startsWith("twice/")).toList());
  }

  /** Object keys under the prefix, directory markers (keys ending in '/') left out. */
  private static List<String> files(String prefix) {
    List<String> keys = s3.objects(prefix).stream().map(S3Object::key)
        .filter(k -> !k.endsWith("/")).sorted().toList();
    assertFalse(keys.stream().anyMatch(k -> k.contains("/_staging/")), keys.toString());
    return keys;
  }
}
