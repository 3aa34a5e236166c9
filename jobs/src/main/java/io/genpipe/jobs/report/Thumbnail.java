package io.genpipe.jobs.report;

/**
 * An image ready for embedding: PNG bytes at most {@link Thumbnails#MAX_SIDE} pixels on a side,
 * or, when the image could not be read or decoded, {@code png} null and {@code problem} saying why.
 */
public record Thumbnail(byte[] png, int width, int height, String problem) {
  public static Thumbnail unavailable(String problem) {
    return new Thumbnail(null, 0, 0, problem);
  }

  public boolean available() {
    return png != null;
  }

  /** {@code data:image/png;base64,...}; only for an available thumbnail. */
  public String dataUri() {
    return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png);
  }
}
