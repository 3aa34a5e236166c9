package io.genpipe.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails: small PNGs embedded as they are, large ones downscaled, bad ones reported. */
class ThumbnailsTest {
  @TempDir Path tmp;

  @Test
  void smallPngIsEmbeddedUnchanged() {
    byte[] png = ReportSamples.png(128, 96);
    Thumbnail t = Thumbnails.fromBytes(png);
    assertTrue(t.available());
    assertArrayEquals(png, t.png(), "original bytes (and marks) kept");
    assertEquals(128, t.width());
    assertEquals(96, t.height());
    assertTrue(t.dataUri().startsWith("data:image/png;base64,"));
  }

  @Test
  void largeImageIsDownscaledTo256() throws Exception {
    Thumbnail t = Thumbnails.fromBytes(ReportSamples.png(1000, 400));
    assertTrue(t.available());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.png()));
    assertNotNull(img);
    assertEquals(256, img.getWidth());
    assertEquals(102, img.getHeight());
    assertEquals(256, t.width());
    assertEquals(102, t.height());
    // The gradient survives: left dark-red, right bright-red.
    assertTrue(((img.getRGB(250, 50) >> 16) & 0xff) > 200);
    assertTrue(((img.getRGB(3, 50) >> 16) & 0xff) < 30);
    assertArrayEquals(t.png(), Thumbnails.fromBytes(ReportSamples.png(1000, 400)).png(), "deterministic");
  }

  @Test
  void readsThroughHadoopFsAndReportsWhatItCannotRead() throws Exception {
    Path file = tmp.resolve("a.png");
    Files.write(file, ReportSamples.png(300, 300));
    Thumbnail t = Thumbnails.fromUri(file.toUri().toString(), new Configuration());
    assertTrue(t.available());
    assertEquals(256, t.width());

    Thumbnail missing = Thumbnails.fromUri(tmp.resolve("missing.png").toUri().toString(), new Configuration());
    assertFalse(missing.available());
    assertTrue(missing.problem().contains("cannot read"), missing.problem());

    Files.writeString(tmp.resolve("junk.png"), "not a png");
    Thumbnail junk = Thumbnails.fromUri(tmp.resolve("junk.png").toUri().toString(), new Configuration());
    assertFalse(junk.available());
    assertTrue(junk.problem().contains("ImageIO"), junk.problem());
  }
}
