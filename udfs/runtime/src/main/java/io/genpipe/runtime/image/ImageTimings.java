package io.genpipe.runtime.image;

/**
 * Wall-clock times of the batch a row ran in (shared by its rows).
 *
 * @param batchSize rows in the batch
 */
public record ImageTimings(long encodeMs, long denoiseMs, long decodeMs, long totalMs, int batchSize) {
  public static final ImageTimings NONE = new ImageTimings(0, 0, 0, 0, 0);

  /** As the manifest's {@code timings} column holds them: a JSON object of the five numbers. */
  public String toJson() {
    return "{\"encode_ms\":" + encodeMs + ",\"denoise_ms\":" + denoiseMs + ",\"decode_ms\":"
        + decodeMs + ",\"total_ms\":" + totalMs + ",\"batch_size\":" + batchSize + "}";
  }
}
