package io.genpipe.jobs.report;

import static io.genpipe.jobs.report.ReportSamples.HOSTILE;
import static io.genpipe.jobs.report.ReportSamples.XSS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The HTML builder: escaping of hostile user data, embedded images, errors, caps, determinism. */
class ReportHtmlTest {
  private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>");
  private static final Pattern DATA_PNG = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

  @Test
  void hostilePromptsAreEscapedEverywhere() {
    String html = ReportHtml.render(ReportSamples.hostilePage(3));
    assertFalse(html.contains(XSS), "raw <script>alert(1)</script> in the page");
    assertFalse(html.contains("alert(3)</script>"), "raw script from params");
    assertFalse(html.contains("<img src=x"), "raw <img> from a prompt");
    assertFalse(html.contains("\"'&"), "raw quotes/ampersand");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("&quot;&#39;&amp;"), "quotes escaped");
    assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    // The only script element is the page's own (allowed by its CSP hash).
    assertEquals(1, count(html, "<script"), "one <script> tag");
    assertEquals(1, count(html, "</script>"));
    assertTrue(html.contains("script-src '" + ReportHtml.hash(ReportHtml.SCRIPT) + "'"));
    assertTrue(html.contains("style-src '" + ReportHtml.hash(ReportHtml.STYLE) + "'"));
    // alt attributes carry the prompt, escaped; no attribute is broken out of.
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      String unquoted = m.group().replaceAll("\"[^\"]*\"", "\"\"");
      assertEquals("<img class=\"\" src=\"\" width=\"\" height=\"\" alt=\"\">", unquoted,
          "only our attributes: nothing broke out of a quoted value");
    }
  }

  @Test
  void embedsEveryImageAsPngDataUriInPromptIdOrder() throws Exception {
    String html = ReportHtml.render(ReportSamples.hostilePage(5));
    List<String> imgs = new ArrayList<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      imgs.add(m.group());
    }
    assertEquals(5, imgs.size());
    for (String img : imgs) {
      Matcher d = DATA_PNG.matcher(img);
      assertTrue(d.find(), "data:image/png;base64 src");
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(d.group(1))));
      assertNotNull(decoded);
      assertEquals(64, decoded.getWidth());
      assertTrue(img.contains("width=\"64\" height=\"64\""));
    }
    int prev = -1;
    for (int i = 1; i <= 5; i++) {
      int at = html.indexOf("<div class=\"pid\">img-00" + i + "</div>");
      assertTrue(at > prev, "img-00" + i + " after the previous one");
      prev = at;
    }
    assertTrue(html.contains("seed 3 \u00b7 64\u00d764 \u00b7 3 steps \u00b7 guidance 7.5 \u00b7 ddim"), "key params");
    // 5 of 8 image rows embedded: the cap is noted.
    assertTrue(html.contains("Showing 5 of 8 image rows"));
    assertTrue(html.contains("3 left out"));
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external resource");
    assertFalse(html.contains("url("), "no CSS url()");
  }

  @Test
  void listsEveryErrorRowWithClassAndMessage() {
    String html = ReportHtml.render(ReportSamples.hostilePage(1));
    String errors = html.substring(html.indexOf("<section id=\"errors\">"));
    errors = errors.substring(0, errors.indexOf("</section>"));
    assertEquals(2, count(errors, "<tr class=\"error-row\">"));
    assertTrue(errors.contains("2 error rows (every one listed)"));
    int e1 = errors.indexOf(">e-1<");
    int e2 = errors.indexOf(">e-2<");
    assertTrue(e1 > 0 && e2 > e1, "sorted by prompt id");
    assertTrue(errors.contains("invalid_params"));
    assertTrue(errors.contains("bad &#39;temperature&#39; &quot;&#39;&amp;"));
    assertTrue(errors.contains("prompt_too_long"));
    assertTrue(errors.contains("prompt has 9000 tokens &lt;script&gt;"));
    assertTrue(errors.contains(Html.escape(HOSTILE)), "the failing prompt, escaped");
  }

  @Test
  void textTableProvenanceDetailsAndDeterminism() {
    ReportPage page = ReportSamples.hostilePage(2);
    String html = ReportHtml.render(page);
    String texts = html.substring(html.indexOf("<section id=\"texts\">"), html.indexOf("<section id=\"errors\">"));
    assertTrue(texts.indexOf(">t-1<") < texts.indexOf(">t-2<"), "sorted by prompt id");
    assertTrue(texts.contains("reply &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    assertTrue(texts.contains("<details><summary>params &amp; provenance</summary>"));
    assertTrue(texts.contains("<tr><th>output_id</th><td>out-t-1</td></tr>"));
    assertTrue(texts.contains("&quot;max_new_tokens&quot; : 8"), "params pretty-printed");
    assertTrue(html.contains("<tr><th>topic</th><td>&quot;&#39;&amp;&lt;script&gt;"), "pass-through column");
    assertTrue(html.contains("Showing 2 of 2 text rows"));
    assertEquals(html, ReportHtml.render(page), "same page, same HTML");
  }

  @Test
  void emptyManifestStillRenders() {
    String html = ReportHtml.render(new ReportPage("/tmp/x", List.of(), List.of(), List.of(), List.of(), 0,
        List.of(), 0, List.of()));
    assertTrue(html.contains("No image rows"));
    assertTrue(html.contains("No text rows"));
    assertTrue(html.contains("id=\"no-errors\""));
    assertEquals(0, count(html, "<img"));
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
