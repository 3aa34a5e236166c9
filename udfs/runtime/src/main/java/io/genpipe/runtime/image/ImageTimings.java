package io.genpipe.runtime.image;

/**
 * Wall-clock times of the batch a row ran in (shared by its rows).
 *
 * @param batchSize rows in the batch
 */
public record ImageTimings(long encodeMs, long denoiseMs, long decodeMs, long totalMs, int batchSize) {
  public static final ImageTimings NONE = new ImageTimings(0, 0, 0, 0, 0);
}
