package io.genpipe.jobs.report;

import io.genpipe.jobs.report.ReportPage.ImageItem;
import io.genpipe.jobs.report.ReportPage.ModelSummary;
import io.genpipe.jobs.report.ReportPage.StatusCount;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Report pages built by hand, with hostile user data everywhere a manifest can carry it. */
final class ReportSamples {
  static final String XSS = "<script>alert(1)</script>";
  static final String QUOTES = "\"'&";
  static final String HOSTILE = "draw " + XSS + " and " + QUOTES + " <img src=x onerror=alert(2)>";

  private ReportSamples() {}

  /** A PNG of the given size with a colour gradient (so that it is not trivially compressible). */
  static byte[] png(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, new Color((x * 255) / Math.max(1, w - 1), (y * 255) / Math.max(1, h - 1), 128).getRGB());
      }
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static ManifestEntry image(String id, String prompt, long seed) {
    return ManifestEntry.of("output_id", "out-" + id, "prompt_id", id, "run_id", "r1", "task", "image",
        "status", "ok", "prompt", prompt, "seed", seed, "width", 64, "height", 64,
        "params", "{\"num_inference_steps\":3,\"guidance_scale\":7.5,\"scheduler\":\"ddim\","
            + "\"negative_prompt\":\"" + "</pre><script>alert(3)</script>" + "\"}",
        "model_id", "tiny-sd", "model_sha256", "ab".repeat(32), "model_license", "Apache-2.0",
        "sha256", "cd".repeat(32), "object_uri", "file:/x/" + id + ".png", "topic", QUOTES + XSS);
  }

  static ManifestEntry text(String id, String prompt, String text) {
    return ManifestEntry.of("output_id", "out-" + id, "prompt_id", id, "run_id", "r1", "task", "text",
        "status", "ok", "prompt", prompt, "text", text, "finish_reason", "eos", "tokens_in", 5,
        "tokens_out", 7, "latency_ms", 12L, "seed", 42L, "params", "{\"max_new_tokens\":8}",
        "model_id", "tiny-lm", "model_license", "Apache-2.0", "model_sha256", "ef".repeat(32));
  }

  static ManifestEntry error(String id, String cls, String message) {
    return ManifestEntry.of("output_id", "out-" + id, "prompt_id", id, "run_id", "r1", "task", "text",
        "status", "error", "prompt", HOSTILE, "error_class", cls, "error_message", message);
  }

  /** {@code images} hostile image rows (unsorted), two text rows, two error rows. */
  static ReportPage hostilePage(int images) {
    List<ImageItem> items = new ArrayList<>();
    for (int i = images; i >= 1; i--) {
      items.add(new ImageItem(image(String.format("img-%03d", i), HOSTILE + " #" + i, i),
          Thumbnails.fromBytes(png(64, 64))));
    }
    return new ReportPage("file:/out/" + XSS, List.of(
        new StatusCount("image", "ok", images, null),
        new StatusCount("text", "ok", 2, 14L),
        new StatusCount("text", "error", 2, null)),
        List.of(new ModelSummary("text", "tiny-lm" + XSS, "ef".repeat(32), "Apache-2.0" + QUOTES,
            "permissive", "allowed", 4)),
        List.of(RunSummary.manifestOnly("r1" + XSS, 4 + images)),
        items, images + 3L,
        List.of(text("t-2", "second", "b"), text("t-1", HOSTILE, "reply " + XSS + QUOTES)), 2,
        List.of(error("e-2", "prompt_too_long", "prompt has 9000 tokens " + XSS),
            error("e-1", "invalid_params", "bad 'temperature' " + QUOTES)));
  }
}
