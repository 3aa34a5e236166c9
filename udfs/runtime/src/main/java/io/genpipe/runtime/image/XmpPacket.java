package io.genpipe.runtime.image;

/**
 * The XMP packet of an {@link ImageMarking}: IPTC's digital source type, Dublin Core rights, the
 * XMP rights web statement, the creator tool, and genpipe's model and output ids in its own
 * namespace. Fixed attribute order and no timestamps, so equal markings give equal bytes.
 */
public final class XmpPacket {
  public static final String NS_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
  public static final String NS_DC = "http://purl.org/dc/elements/1.1/";
  public static final String NS_XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/";
  public static final String NS_XMP = "http://ns.adobe.com/xap/1.0/";
  public static final String NS_GENPIPE = "urn:genpipe:xmp:1.0/";
  private static final String NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

  private XmpPacket() {}

  public static String of(ImageMarking m) {
    StringBuilder x = new StringBuilder(1024);
    x.append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
        .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
        .append(" <rdf:RDF xmlns:rdf=\"").append(NS_RDF).append("\">\n")
        .append("  <rdf:Description rdf:about=\"\"\n")
        .append("    xmlns:Iptc4xmpExt=\"").append(NS_IPTC_EXT).append("\"\n")
        .append("    xmlns:dc=\"").append(NS_DC).append("\"\n")
        .append("    xmlns:xmpRights=\"").append(NS_XMP_RIGHTS).append("\"\n")
        .append("    xmlns:xmp=\"").append(NS_XMP).append("\"\n")
        .append("    xmlns:genpipe=\"").append(NS_GENPIPE).append("\"\n");
    attribute(x, "Iptc4xmpExt:DigitalSourceType", m.digitalSourceType());
    if (m.licenseUrl() != null) {
      attribute(x, "xmpRights:WebStatement", m.licenseUrl());
    }
    attribute(x, "xmp:CreatorTool", m.software());
    attribute(x, "genpipe:ModelId", m.modelId());
    attribute(x, "genpipe:OutputId", m.outputId());
    x.append("    >\n")
        .append("   <dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">").append(escape(m.license()))
        .append("</rdf:li></rdf:Alt></dc:rights>\n")
        .append("  </rdf:Description>\n")
        .append(" </rdf:RDF>\n")
        .append("</x:xmpmeta>\n")
        .append("<?xpacket end=\"w\"?>");
    return x.toString();
  }

  private static void attribute(StringBuilder x, String name, String value) {
    x.append("    ").append(name).append("=\"").append(escape(value)).append("\"\n");
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
      }
    }
    return out.toString();
  }
}
