package io.genpipe.runtime.image;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB image, row-major, one {@code 0xRRGGBB} int per pixel. The array is not copied:
 * treat it as read-only.
 */
public record RgbImage(int width, int height, int[] pixels) {
  public RgbImage {
    if (width <= 0 || height <= 0 || pixels == null || pixels.length != width * height) {
      throw new IllegalArgumentException("RGB image needs width*height pixels, got " + width + "x"
          + height + " and " + (pixels == null ? "null" : pixels.length));
    }
  }

  public int rgb(int x, int y) {
    return pixels[y * width + x];
  }

  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, pixels, 0, width);
    return image;
  }

  /**
   * Maps a decoder output [3, height, width] in [-1, 1] to pixels as diffusers does:
   * {@code round(clamp(x / 2 + 0.5, 0, 1) * 255)} (round half to even, like numpy).
   */
  public static RgbImage fromDecoderOutput(float[] chw, int width, int height) {
    int plane = width * height;
    if (chw.length != 3 * plane) {
      throw new IllegalArgumentException("decoder output has " + chw.length + " values, expected 3x"
          + height + "x" + width);
    }
    int[] pixels = new int[plane];
    for (int i = 0; i < plane; i++) {
      pixels[i] = (level(chw[i]) << 16) | (level(chw[plane + i]) << 8) | level(chw[2 * plane + i]);
    }
    return new RgbImage(width, height, pixels);
  }

  private static int level(float x) {
    double v = Math.max(0.0, Math.min(1.0, x / 2.0 + 0.5));
    return (int) Math.rint(v * 255.0);
  }
}
