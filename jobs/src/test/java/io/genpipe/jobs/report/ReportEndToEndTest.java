package io.genpipe.jobs.report;

import static io.genpipe.jobs.report.ReportHtmlTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code genpipe report} on real runs: the demo, and a run with hostile prompts and errors. */
class ReportEndToEndTest {
  private static final Pattern PID = Pattern.compile("<div class=\"pid\">([^<]*)</div>|<td class=\"pid\">([^<]*)</td>");

  @Test
  void demoReportHasFourThumbnailsTenTextRowsAndAnEmptyErrorSection() throws Exception {
    Path out = ReportFixtures.demo();
    String html = Files.readString(out.resolve("report.html"));
    assertEquals(4, count(html, "<img"), "4 image thumbnails");
    assertEquals(4, count(html, "src=\"data:image/png;base64,"));
    String texts = section(html, "texts");
    assertEquals(10, count(texts, "<td class=\"pid\">"), "10 text rows");
    assertTrue(html.contains("Showing 4 of 4 image rows"));
    assertTrue(html.contains("Showing 10 of 10 text rows"));
    String errors = section(html, "errors");
    assertTrue(errors.contains("No error rows."), errors);
    assertTrue(html.contains("genpipe-tiny-lm") && html.contains("genpipe-tiny-sd"), "models");
    assertTrue(html.contains("<td>Apache-2.0</td><td>permissive</td><td>allowed</td>"), "licence + policy");
    assertTrue(section(html, "summary").contains("rows/s"), "throughput");
    List<String> ids = promptIds(html);
    List<String> sortedImages = new ArrayList<>(ids.subList(0, 4));
    sortedImages.sort(null);
    assertEquals(sortedImages, ids.subList(0, 4), "images sorted by prompt id");
    List<String> sortedTexts = new ArrayList<>(ids.subList(4, 14));
    sortedTexts.sort(null);
    assertEquals(sortedTexts, ids.subList(4, 14), "text rows sorted by prompt id");

    // Deterministic: the same run gives the same page.
    Path again = out.resolveSibling("report-again.html");
    assertEquals(0, ReportFixtures.cli("report", out.toString(), "--out", again.toString()));
    assertEquals(html, Files.readString(again));
  }

  @Test
  void capsAreNotedWithHowManyWereLeftOut() throws Exception {
    Path out = ReportFixtures.demo();
    Path file = out.resolveSibling("capped.html");
    assertEquals(0, ReportFixtures.cli("report", out.toString(), "--out", file.toString(),
        "--max-thumbnails", "2", "--max-text-rows", "3"));
    String html = Files.readString(file);
    assertEquals(2, count(html, "<img"));
    assertEquals(3, count(section(html, "texts"), "<td class=\"pid\">"));
    assertTrue(html.contains("Showing 2 of 4 image rows"), "image note");
    assertTrue(html.contains("2 left out"), "images left out");
    assertTrue(html.contains("Showing 3 of 10 text rows"), "text note");
    assertTrue(html.contains("7 left out"), "text rows left out");
  }

  @Test
  void hostileRunIsEscapedAndListsItsErrors() throws Exception {
    Path out = ReportFixtures.hostile();
    String html = Files.readString(out.resolve("report.html"));
    assertFalse(html.contains(ReportSamples.XSS), "raw script from a prompt");
    assertFalse(html.contains("<img src=x"), "raw img from a prompt");
    assertEquals(1, count(html, "<script"), "only the page's own script");
    assertEquals(1, count(html, "<img"), "the one ok image");
    assertTrue(html.contains(Html.escape(ReportSamples.HOSTILE)), "hostile prompt shown escaped");
    String errors = section(html, "errors");
    assertEquals(2, count(errors, "<tr class=\"error-row\">"), errors);
    assertTrue(errors.indexOf(">bad-null<") < errors.indexOf(">bad-width<"), "sorted");
    assertTrue(errors.contains("invalid_params"), errors);
    assertTrue(errors.contains("width"), errors);
    assertTrue(errors.contains("x &lt;script&gt;alert(1)&lt;/script&gt;"), "failing prompt escaped");
  }

  @Test
  void missingManifestIsAConfigurationError() throws Exception {
    Path empty = Files.createTempDirectory("genpipe-report-empty");
    try {
      assertEquals(2, ReportFixtures.cli("report", empty.toString()));
      assertFalse(Files.exists(empty.resolve("report.html")));
    } finally {
      ReportFixtures.deleteTree(empty);
    }
  }

  static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    assertTrue(start >= 0, "section " + id);
    return html.substring(start, html.indexOf("</section>", start));
  }

  private static List<String> promptIds(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = PID.matcher(html);
    while (m.find()) {
      ids.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return ids;
  }
}
