package io.genpipe.jobs.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Thumbnails for the report: the image's bytes read through the Hadoop filesystem of its
 * {@code object_uri}; a PNG already at most {@value #MAX_SIDE} px on each side is embedded as it
 * is (its marks included), a larger one (or another format ImageIO reads) is downscaled with
 * ImageIO and re-encoded as PNG.
 */
public final class Thumbnails {
  /** The longest side of an embedded thumbnail, in pixels. */
  public static final int MAX_SIDE = 256;
  /** Images larger than this are not read (a report is no place to decode a huge file). */
  public static final long MAX_SOURCE_BYTES = 64L << 20;
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Thumbnails() {}

  /** Reads {@code uri} through Hadoop FS and makes its thumbnail; never throws for a bad image. */
  public static Thumbnail fromUri(String uri, Configuration hadoop) {
    if (uri == null || uri.isBlank()) {
      return Thumbnail.unavailable("no object_uri");
    }
    try {
      Path path = new Path(new URI(uri));
      FileSystem fs = path.getFileSystem(hadoop);
      long len = fs.getFileStatus(path).getLen();
      if (len > MAX_SOURCE_BYTES) {
        return Thumbnail.unavailable("image is " + len + " bytes, larger than the "
            + MAX_SOURCE_BYTES + " bytes a report embeds");
      }
      byte[] bytes;
      try (InputStream in = fs.open(path)) {
        bytes = in.readAllBytes();
      }
      return fromBytes(bytes);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Thumbnail.unavailable("bad object_uri: " + e.getMessage());
    } catch (IOException e) {
      return Thumbnail.unavailable("cannot read " + uri + ": " + e);
    }
  }

  /** The thumbnail of an encoded image; never throws for a bad image. */
  public static Thumbnail fromBytes(byte[] bytes) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      return Thumbnail.unavailable("cannot decode the image: " + e.getMessage());
    }
    if (img == null) {
      return Thumbnail.unavailable("not an image format ImageIO reads");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    if (w <= MAX_SIDE && h <= MAX_SIDE && isPng(bytes)) {
      return new Thumbnail(bytes, w, h, null);
    }
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * scale));
    int th = Math.max(1, (int) Math.round(h * scale));
    BufferedImage small = downscale(img, tw, th);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(small, "png", out)) {
        return Thumbnail.unavailable("no PNG writer");
      }
    } catch (IOException e) {
      return Thumbnail.unavailable("cannot encode the thumbnail: " + e.getMessage());
    }
    return new Thumbnail(out.toByteArray(), tw, th, null);
  }

  static boolean isPng(byte[] bytes) {
    return bytes.length >= PNG_MAGIC.length
        && Arrays.equals(Arrays.copyOf(bytes, PNG_MAGIC.length), PNG_MAGIC);
  }

  /** Halves with bilinear filtering until near the target, then one last step (good quality). */
  private static BufferedImage downscale(BufferedImage src, int tw, int th) {
    int type = src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage cur = src;
    int w = src.getWidth();
    int h = src.getHeight();
    do {
      w = Math.max(tw, w / 2 >= tw ? w / 2 : tw);
      h = Math.max(th, h / 2 >= th ? h / 2 : th);
      BufferedImage next = new BufferedImage(w, h, type);
      Graphics2D g = next.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(cur, 0, 0, w, h, null);
      } finally {
        g.dispose();
      }
      cur = next;
    } while (w != tw || h != th);
    return cur;
  }
}
