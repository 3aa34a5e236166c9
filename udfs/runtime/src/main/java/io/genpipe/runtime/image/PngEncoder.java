package io.genpipe.runtime.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes PNGs carrying genpipe's marking through ImageIO's PNG metadata tree
 * ({@code javax_imageio_png_1.0}): an uncompressed {@code iTXt} chunk {@code XML:com.adobe.xmp}
 * with the {@link XmpPacket}, and {@code tEXt} chunks {@code Software}, {@code Source} (model id)
 * and {@code Comment} ("AI-generated"). No timestamp chunk is written and ImageIO's encoder is
 * deterministic, so the same pixels and marking give the same bytes.
 */
public final class PngEncoder {
  public static final String PNG_FORMAT = "javax_imageio_png_1.0";
  public static final String XMP_KEYWORD = "XML:com.adobe.xmp";

  private PngEncoder() {}

  public static byte[] encode(BufferedImage image, ImageMarking marking) {
    ImageWriter writer = pngWriter();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata = writer.getDefaultImageMetadata(
          ImageTypeSpecifier.createFromRenderedImage(image), param);
      metadata.mergeTree(PNG_FORMAT, tree(marking));
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed: " + e.getMessage(), e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static ImageWriter pngWriter() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO PNG writer (java.desktop module)");
    }
    return writers.next();
  }

  private static IIOMetadataNode tree(ImageMarking m) {
    IIOMetadataNode text = new IIOMetadataNode("tEXt");
    text.appendChild(textEntry("Software", m.software()));
    text.appendChild(textEntry("Source", m.modelId()));
    text.appendChild(textEntry("Comment", ImageMarking.COMMENT));
    IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
    IIOMetadataNode xmp = new IIOMetadataNode("iTXtEntry");
    xmp.setAttribute("keyword", XMP_KEYWORD);
    xmp.setAttribute("compressionFlag", "FALSE");
    xmp.setAttribute("compressionMethod", "0");
    xmp.setAttribute("languageTag", "");
    xmp.setAttribute("translatedKeyword", "");
    xmp.setAttribute("text", XmpPacket.of(m));
    itxt.appendChild(xmp);
    IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
    root.appendChild(text);
    root.appendChild(itxt);
    return root;
  }

  /** tEXt holds Latin-1 only: other characters become '?' (the iTXt XMP keeps them exactly). */
  private static IIOMetadataNode textEntry(String keyword, String value) {
    StringBuilder latin1 = new StringBuilder(value.length());
    value.chars().forEach(c -> latin1.append(c >= 0x20 && c <= 0xFF && c != 0x7F ? (char) c : '?'));
    IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
    entry.setAttribute("keyword", keyword);
    entry.setAttribute("value", latin1.toString());
    return entry;
  }
}
