package io.genpipe.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Marked PNGs read back with ImageIO: pixels, every tEXt field and every XMP property. */
class PngEncoderTest {
  private static final ImageMarking MARKING = ImageMarking.generated("stabilityai/sd-2-1 \"ü&<>\"",
      "out-1234abcd", "LicenseRef-creativeml-openrail-m",
      "https://huggingface.co/spaces/CompVis/stable-diffusion-license", "0.1.0");

  @Test
  void writesPixelsTextChunksAndXmp() throws Exception {
    RgbImage image = pattern();
    byte[] png = PngEncoder.encode(image.toBufferedImage(), MARKING);

    BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(image.width(), back.getWidth());
    int[] pixels = back.getRGB(0, 0, back.getWidth(), back.getHeight(), null, 0, back.getWidth());
    for (int i = 0; i < pixels.length; i++) {
      assertEquals(image.pixels()[i], pixels[i] & 0xFFFFFF, "pixel " + i);
    }

    Node root = metadata(png).getAsTree(PngEncoder.PNG_FORMAT);
    Map<String, String> text = entries(root, "tEXtEntry", "value");
    assertEquals("genpipe 0.1.0", text.get("Software"));
    assertEquals("stabilityai/sd-2-1 \"ü&<>\"", text.get("Source"));
    assertEquals("AI-generated", text.get("Comment"));
    String xmp = entries(root, "iTXtEntry", "text").get(PngEncoder.XMP_KEYWORD);
    Element d = (Element) parse(xmp).getElementsByTagNameNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "Description").item(0);
    assertEquals(ImageMarking.TRAINED_ALGORITHMIC_MEDIA,
        d.getAttributeNS(XmpPacket.NS_IPTC_EXT, "DigitalSourceType"));
    assertEquals(MARKING.licenseUrl(), d.getAttributeNS(XmpPacket.NS_XMP_RIGHTS, "WebStatement"));
    assertEquals(MARKING.modelId(), d.getAttributeNS(XmpPacket.NS_GENPIPE, "ModelId"));
    assertEquals("out-1234abcd", d.getAttributeNS(XmpPacket.NS_GENPIPE, "OutputId"));
    assertEquals("genpipe 0.1.0", d.getAttributeNS(XmpPacket.NS_XMP, "CreatorTool"));
    assertEquals("LicenseRef-creativeml-openrail-m",
        d.getElementsByTagNameNS(XmpPacket.NS_DC, "rights").item(0).getTextContent().trim());
    assertFalse(new String(png, StandardCharsets.ISO_8859_1).contains("tIME"));
  }

  @Test
  void sameInputGivesSameBytes() {
    byte[] a = PngEncoder.encode(pattern().toBufferedImage(), MARKING);
    byte[] b = PngEncoder.encode(pattern().toBufferedImage(), MARKING);
    assertArrayEquals(a, b);
  }

  private static RgbImage pattern() {
    int w = 16;
    int h = 8;
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = (i * 37 % 256) << 16 | (i * 11 % 256) << 8 | (255 - i % 256);
    }
    return new RgbImage(w, h, px);
  }

  private static IIOMetadata metadata(byte[] png) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      IIOMetadata m = reader.getImageMetadata(0);
      reader.dispose();
      return m;
    }
  }

  private static Map<String, String> entries(Node root, String element, String valueAttribute) {
    Map<String, String> out = new HashMap<>();
    collect(root, element, valueAttribute, out);
    return out;
  }

  private static void collect(Node n, String element, String valueAttribute, Map<String, String> out) {
    if (n.getNodeName().equals(element)) {
      Element e = (Element) n;
      out.put(e.getAttribute("keyword"), e.getAttribute(valueAttribute));
    }
    NodeList children = n.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      collect(children.item(i), element, valueAttribute, out);
    }
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }
}
