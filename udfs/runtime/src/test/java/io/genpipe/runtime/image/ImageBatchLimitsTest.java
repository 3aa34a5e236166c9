package io.genpipe.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rows per image batch from the size, guidance and the memory budget. */
class ImageBatchLimitsTest {
  @Test
  void largerImagesGetSmallerBatches() {
    ImageBatchLimits d = ImageBatchLimits.DEFAULT;
    assertEquals(4, d.rowsPerBatch(64, 64, true), "small images: the ceiling");
    assertEquals(4, d.rowsPerBatch(512, 512, true));
    assertEquals(2, d.rowsPerBatch(576, 576, true));
    assertEquals(1, d.rowsPerBatch(768, 768, true));
    assertEquals(1, d.rowsPerBatch(2048, 2048, true), "never below 1, however large");
    ImageBatchLimits wide = new ImageBatchLimits(ImageBatchLimits.DEFAULT_MEMORY_BYTES, 64);
    assertTrue(wide.rowsPerBatch(256, 256, true) > wide.rowsPerBatch(512, 512, true));
    assertEquals(64, wide.rowsPerBatch(64, 64, true));
  }

  @Test
  void guidanceDoublesTheUnetRows() {
    assertEquals(2L << 30, ImageBatchLimits.rowBytes(512, 512, true));
    assertEquals(1L << 30, ImageBatchLimits.rowBytes(512, 512, false));
    ImageBatchLimits eight = new ImageBatchLimits(8L << 30, 16);
    assertEquals(4, eight.rowsPerBatch(512, 512, true));
    assertEquals(8, eight.rowsPerBatch(512, 512, false));
  }

  @Test
  void theVaeDecodeBoundsRowsWhenItNeedsMore() {
    // 64x64 unguided: UNet 8 MiB + 128 KiB a sample; VAE 64*64*2 KiB = 8 MiB: the UNet's is larger.
    assertEquals((8L << 20) + (128L << 10), ImageBatchLimits.rowBytes(64, 64, false));
    // 8x1024: 128 latent pixels; UNet 16 MiB + 512 KiB; VAE 16 MiB.
    assertEquals((16L << 20) + (512L << 10), ImageBatchLimits.rowBytes(8, 1024, false));
  }

  @Test
  void invalidLimitsNameTheOption() {
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> new ImageBatchLimits(0, 4));
    assertTrue(m.getMessage().contains("memory"), m.getMessage());
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
        () -> new ImageBatchLimits(1, 0));
    assertTrue(b.getMessage().contains("max batch"), b.getMessage());
  }
}
