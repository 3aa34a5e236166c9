package io.genpipe.runtime.image;

import java.io.Serializable;

/**
 * How many compatible image rows run in one batch: as many as an estimate of their working memory
 * fits in {@code memoryBytes}, at least 1 and at most {@code maxBatch}. The estimate is of an
 * SD-1.x-class fp32 UNet (a guided row runs two UNet samples): per sample, activations linear in
 * the latent area plus self-attention scores quadratic in it; the VAE decode, which runs after the
 * denoising loop, is linear in the pixel area; a row needs the larger of the two. At 512×512 guided
 * that is 2 GiB a row, so the default 8 GiB runs 4; 576×576 guided runs 2, 768×768 guided 1; small images run
 * {@code maxBatch}. Batching never changes an image (each row has its own noise), only speed and
 * memory.
 *
 * @param memoryBytes the working memory one batch may use (job option {@code image-batch-memory})
 * @param maxBatch the most rows in one batch whatever the size (job option {@code image-max-batch})
 */
public record ImageBatchLimits(long memoryBytes, int maxBatch) implements Serializable {
  public static final long DEFAULT_MEMORY_BYTES = 8L << 30;
  public static final int DEFAULT_MAX_BATCH = 4;
  public static final ImageBatchLimits DEFAULT =
      new ImageBatchLimits(DEFAULT_MEMORY_BYTES, DEFAULT_MAX_BATCH);

  /** UNet activations per latent pixel and sample (320-1280 channels over the levels, fp32). */
  static final long UNET_BYTES_PER_LATENT_PIXEL = 128L << 10;
  /** Self-attention scores per (latent pixel)² and sample: 8 heads of fp32. */
  static final long ATTENTION_BYTES_PER_PIXEL_PAIR = 32;
  /** VAE decoder activations per output pixel (128-512 channels, fp32). */
  static final long VAE_BYTES_PER_PIXEL = 2L << 10;

  public ImageBatchLimits {
    if (memoryBytes < 1) {
      throw new IllegalArgumentException("image batch memory must be > 0 bytes, got " + memoryBytes);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("image max batch must be >= 1, got " + maxBatch);
    }
  }

  /** Rows per batch for images of {@code width}×{@code height}, guided or not. */
  public int rowsPerBatch(int width, int height, boolean guided) {
    long fit = memoryBytes / rowBytes(width, height, guided);
    return (int) Math.max(1, Math.min(maxBatch, fit));
  }

  int rowsPerBatch(BatchKey key) {
    return rowsPerBatch(key.width(), key.height(), key.guided());
  }

  /** The estimated working memory of one row. */
  public static long rowBytes(int width, int height, boolean guided) {
    long latentPixels = (long) (width / ImageParams.SIZE_MULTIPLE) * (height / ImageParams.SIZE_MULTIPLE);
    long perSample = latentPixels * UNET_BYTES_PER_LATENT_PIXEL
        + latentPixels * latentPixels * ATTENTION_BYTES_PER_PIXEL_PAIR;
    long unet = (guided ? 2 : 1) * perSample;
    long vae = (long) width * height * VAE_BYTES_PER_PIXEL;
    return Math.max(1, Math.max(unet, vae));
  }
}
