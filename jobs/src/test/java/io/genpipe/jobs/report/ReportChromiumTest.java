package io.genpipe.jobs.report;

import static io.genpipe.jobs.report.ReportHtmlTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report rendered by headless Chromium: the thumbnails decode, no console message at all
 * (the page logs nothing, so any CONSOLE line is an uncaught error, a CSP violation or a failed
 * load), hostile prompts stay text, and a screenshot shows a real page. Skipped without
 * {@code /usr/bin/chromium}.
 */
class ReportChromiumTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @TempDir Path tmp;

  @BeforeAll
  static void needsChromium() {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "chromium not installed (apt-get install chromium); report rendering test skipped");
  }

  private record Result(String stdout, String stderr) {
    /** Chromium's log lines for console messages: {@code ...:INFO:CONSOLE(12)] "msg", source: ...}. */
    List<String> console() {
      return stderr.lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught"))
          .collect(Collectors.toList());
    }
  }

  private Result chromium(Path page, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(tmp, "profile");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(extra));
    cmd.add(page.toUri().toString());
    Path out = Files.createTempFile(tmp, "stdout", ".txt");
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + cmd);
    }
    Result r = new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    assertEquals(0, p.exitValue(), "chromium exit code; stderr:\n" + r.stderr());
    return r;
  }

  @Test
  void demoReportRendersFourThumbnailsWithoutConsoleErrors() throws Exception {
    Path report = ReportFixtures.demo().resolve("report.html");
    Result r = chromium(report, "--dump-dom");
    String dom = r.stdout();
    assertTrue(dom.contains("<h1>genpipe report</h1>"), "our page, not a browser error page:\n"
        + dom.substring(0, Math.min(500, dom.length())));
    assertEquals(4, count(dom, "<img"), "4 <img> in the DOM");
    assertEquals(4, count(dom, "data-rendered=\"yes\""), "4 thumbnails decoded by the browser");
    assertTrue(dom.contains("data-thumbnails-rendered=\"4\""), "the page's load script ran");
    assertFalse(dom.contains("thumb broken"), "no broken image");
    assertEquals(List.of(), r.console(), "console messages (uncaught errors, CSP violations)");
  }

  @Test
  void screenshotShowsARealPage() throws Exception {
    Path report = ReportFixtures.demo().resolve("report.html");
    Path png = tmp.resolve("report.png");
    Result r = chromium(report, "--screenshot=" + png, "--window-size=1280,2000");
    assertTrue(Files.exists(png), "screenshot written; stderr:\n" + r.stderr());
    assertEquals(List.of(), r.console());
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img);
    assertEquals(1280, img.getWidth());
    assertEquals(2000, img.getHeight());
    assertTrue(Files.size(png) > 50_000, "a page with thumbnails and tables, not a blank one: "
        + Files.size(png) + " bytes");
    Set<Integer> colours = new HashSet<>();
    int dark = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
          dark++;
        }
      }
    }
    assertTrue(colours.size() > 500, "thumbnails and text give many colours: " + colours.size());
    assertTrue(dark > 2_000, "text is drawn: " + dark + " dark samples");
    Path keep = Path.of(System.getProperty("genpipe.report.screenshot", ""));
    if (!keep.toString().isEmpty()) {
      Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void hostilePromptsStayTextInTheBrowser() throws Exception {
    Path page = tmp.resolve("hostile.html");
    Files.writeString(page, ReportHtml.render(ReportSamples.hostilePage(3)));
    Result r = chromium(page, "--dump-dom");
    String dom = r.stdout();
    assertTrue(dom.contains("<h1>genpipe report</h1>"));
    assertEquals(1, count(dom, "<script"), "no injected script element");
    assertEquals(3, count(dom, "<img"), "no injected img element");
    assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
    assertTrue(dom.contains("data-thumbnails-rendered=\"3\""));
    assertEquals(List.of(), r.console(), "no console messages (no alert, no CSP violation)");
  }

  @Test
  void endToEndHostileRunRendersCleanly() throws IOException, Exception {
    Path report = ReportFixtures.hostile().resolve("report.html");
    Result r = chromium(report, "--dump-dom");
    String dom = r.stdout();
    assertEquals(1, count(dom, "<script"));
    assertTrue(dom.contains("data-thumbnails-rendered=\"1\""));
    assertEquals(2, count(dom, "class=\"error-row\""));
    assertEquals(List.of(), r.console());
  }
}
