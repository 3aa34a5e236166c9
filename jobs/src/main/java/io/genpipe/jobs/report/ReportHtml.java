package io.genpipe.jobs.report;

import static io.genpipe.jobs.report.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.jobs.report.ReportPage.ImageItem;
import io.genpipe.jobs.report.ReportPage.ModelSummary;
import io.genpipe.jobs.report.ReportPage.StatusCount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link ReportPage} as one self-contained HTML page: inline CSS, images as
 * {@code data:} URIs, no external URL, one small inline script (it marks the thumbnails the
 * browser decoded). A Content-Security-Policy admits only that script and that style sheet (by
 * hash) and {@code data:} images, so even markup that slipped through escaping could not run or
 * load anything. Every value from the manifest is escaped; rows are sorted by prompt id and
 * nothing time- or host-dependent is added, so the same manifest gives the same page.
 */
public final class ReportHtml {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<ManifestEntry> BY_PROMPT_ID =
      Comparator.comparing(ManifestEntry::promptId).thenComparing(e -> String.valueOf(e.str("output_id")));

  /** Shown in each row's details first, in this order; other columns follow in manifest order. */
  private static final List<String> DETAIL_ORDER = List.of("output_id", "prompt_id", "run_id", "task",
      "status", "created_at", "seed", "params", "model_id", "model_sha256", "model_license",
      "model_license_url", "license_category", "usage", "policy_decision", "attribution_text",
      "sha256", "object_uri", "media_type", "byte_size", "width", "height", "tokens_in", "tokens_out",
      "latency_ms", "finish_reason", "execution_provider", "onnxruntime_version", "genpipe_version",
      "host", "digital_source_type", "c2pa_manifest_present", "prompt_sha256", "prompt_dataset");
  /** Shown in the row itself, not repeated in the details. */
  private static final Set<String> NOT_IN_DETAILS = Set.of("prompt", "text");

  static final String STYLE = """
      :root{color-scheme:light;--fg:#1d2430;--muted:#5d6673;--line:#d9dee5;--bg:#f6f7f9;--ok:#1b7f3b;--err:#b42318;--accent:#2f5fb3}
      *{box-sizing:border-box}
      body{margin:0;padding:24px 32px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:#fff}
      h1{font-size:24px;margin:0 0 4px}
      h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
      h3{font-size:15px;margin:18px 0 6px}
      code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
      pre{margin:0;white-space:pre-wrap;word-break:break-word}
      .sub{color:var(--muted);margin:0 0 12px}
      .cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
      .card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;background:var(--bg);min-width:110px}
      .card b{display:block;font-size:20px}
      .card.ok b{color:var(--ok)}.card.err b{color:var(--err)}
      nav a{color:var(--accent);margin-right:14px;text-decoration:none}
      table{border-collapse:collapse;width:100%;margin:6px 0 10px}
      th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
      th{background:var(--bg);font-weight:600}
      td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .note{color:var(--muted);font-style:italic;margin:4px 0 10px}
      .st-ok{color:var(--ok);font-weight:600}.st-error{color:var(--err);font-weight:600}
      .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:14px}
      figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px;background:var(--bg)}
      figure .frame{display:flex;align-items:center;justify-content:center;min-height:140px;background:#fff;border-radius:4px}
      img.thumb{display:block;max-width:100%;height:auto}
      img.thumb.broken,.missing{outline:2px dashed var(--err);color:var(--err);padding:8px}
      figcaption{margin-top:8px;word-break:break-word}
      .pid{font-weight:600}
      .prompt,.text{white-space:pre-wrap;word-break:break-word}
      figcaption .prompt{margin:2px 0}
      .meta{color:var(--muted);font-size:12px}
      details{margin-top:4px}
      summary{cursor:pointer;color:var(--accent);font-size:12px}
      table.kv{font-size:12px;margin:4px 0}
      table.kv th{width:30%;white-space:nowrap}
      table.kv td{word-break:break-all}
      .scroll{overflow-x:auto}
      table.runs td:nth-child(3){white-space:nowrap}
      table.rows td.prompt{min-width:160px;width:22%}
      table.rows td.text{min-width:280px;width:40%}
      table.errors td.msg{word-break:break-word}
      footer{margin-top:36px;color:var(--muted);font-size:12px}
      """;

  /** Marks the thumbnails the browser decoded (data-rendered) and counts them on the body. */
  static final String SCRIPT = "addEventListener(\"load\",function(){var n=0;"
      + "document.querySelectorAll(\"img.thumb\").forEach(function(i){"
      + "if(i.complete&&i.naturalWidth>0){n++;i.setAttribute(\"data-rendered\",\"yes\");}"
      + "else{i.classList.add(\"broken\");}});"
      + "document.body.setAttribute(\"data-thumbnails-rendered\",String(n));});";

  private final StringBuilder out = new StringBuilder(64 * 1024);

  private ReportHtml() {}

  /** The page's HTML. */
  public static String render(ReportPage page) {
    return new ReportHtml().page(page);
  }

  private String page(ReportPage p) {
    List<ImageItem> images = new ArrayList<>(p.images());
    images.sort(Comparator.comparing(ImageItem::entry, BY_PROMPT_ID));
    List<ManifestEntry> texts = sorted(p.texts());
    List<ManifestEntry> errors = sorted(p.errors());

    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
        .append("style-src '").append(hash(STYLE)).append("'; script-src '").append(hash(SCRIPT))
        .append("'; base-uri 'none'; form-action 'none'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"genpipe report\">\n")
        .append("<title>genpipe report: ").append(escape(p.output())).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    header(p, images.size(), texts.size(), errors.size());
    summary(p);
    images(images, p.imagesTotal());
    texts(texts, p.textsTotal());
    errors(errors);
    out.append("<footer>Generated by <code>genpipe report</code> from the consolidated manifest view ")
        .append("(one row per prompt id: its latest row). Rows sorted by prompt id.</footer>\n")
        .append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return out.toString();
  }

  private void header(ReportPage p, int imagesShown, int textsShown, int errorRows) {
    long rows = 0;
    long ok = 0;
    long err = 0;
    for (StatusCount c : p.statusCounts()) {
      rows += c.rows();
      if ("ok".equals(c.status())) {
        ok += c.rows();
      } else if ("error".equals(c.status())) {
        err += c.rows();
      }
    }
    out.append("<header id=\"top\">\n<h1>genpipe report</h1>\n<p class=\"sub\">output <code>")
        .append(escape(p.output())).append("</code></p>\n<div class=\"cards\">");
    card("", rows, "rows (one per prompt id)");
    card(" ok", ok, "ok");
    card(err > 0 ? " err" : "", err, "errors");
    card("", p.runs().size(), p.runs().size() == 1 ? "run" : "runs");
    card("", p.models().stream().map(ModelSummary::modelId).distinct().count(), "models");
    card("", p.imagesTotal(), "images");
    card("", p.textsTotal(), "text generations");
    out.append("</div>\n<nav><a href=\"#summary\">Summary</a><a href=\"#images\">Images (")
        .append(imagesShown).append(")</a><a href=\"#texts\">Text (").append(textsShown)
        .append(")</a><a href=\"#errors\">Errors (").append(errorRows).append(")</a></nav>\n</header>\n");
  }

  private void card(String cls, long value, String label) {
    out.append("<div class=\"card").append(cls).append("\"><b>").append(value).append("</b>")
        .append(escape(label)).append("</div>");
  }

  private void summary(ReportPage p) {
    out.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
    out.append("<h3>Rows by status</h3>\n");
    if (p.statusCounts().isEmpty()) {
      out.append("<p class=\"note\">The manifest holds no rows.</p>\n");
    } else {
      out.append("<table class=\"status\"><thead><tr><th>task</th><th>status</th><th class=\"num\">rows</th>")
          .append("<th class=\"num\">tokens out</th></tr></thead><tbody>\n");
      List<StatusCount> counts = new ArrayList<>(p.statusCounts());
      counts.sort(Comparator.comparing((StatusCount c) -> String.valueOf(c.task()))
          .thenComparing(c -> String.valueOf(c.status())));
      for (StatusCount c : counts) {
        out.append("<tr><td>").append(escape(c.task())).append("</td><td>").append(status(c.status()))
            .append("</td><td class=\"num\">").append(c.rows()).append("</td><td class=\"num\">")
            .append(c.tokensOut() == null ? "" : c.tokensOut()).append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }

    out.append("<h3>Models</h3>\n");
    if (p.models().isEmpty()) {
      out.append("<p class=\"note\">No model recorded.</p>\n");
    } else {
      out.append("<table class=\"models\"><thead><tr><th>task</th><th>model</th><th>sha256</th>")
          .append("<th>licence</th><th>licence category</th><th>policy decision</th><th class=\"num\">rows</th>")
          .append("</tr></thead><tbody>\n");
      List<ModelSummary> models = new ArrayList<>(p.models());
      models.sort(Comparator.comparing((ModelSummary m) -> String.valueOf(m.task()))
          .thenComparing(m -> String.valueOf(m.modelId())).thenComparing(m -> String.valueOf(m.sha256()))
          .thenComparing(m -> String.valueOf(m.policyDecision())));
      for (ModelSummary m : models) {
        out.append("<tr><td>").append(escape(m.task())).append("</td><td>").append(escape(m.modelId()))
            .append("</td><td class=\"mono\" title=\"").append(escape(m.sha256())).append("\">")
            .append(escape(abbreviate(m.sha256()))).append("</td><td>").append(escape(m.license()))
            .append("</td><td>").append(escape(m.licenseCategory())).append("</td><td>")
            .append(escape(m.policyDecision())).append("</td><td class=\"num\">").append(m.rows())
            .append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }

    out.append("<h3>Runs</h3>\n");
    if (p.runs().isEmpty()) {
      out.append("<p class=\"note\">No run recorded.</p>\n");
    } else {
      out.append("<div class=\"scroll\"><table class=\"runs\"><thead><tr><th>run id</th><th>job</th>")
          .append("<th>started</th><th class=\"num\">manifest rows</th><th>rows (ok / error / skipped)</th>")
          .append("<th class=\"num\">rows/s</th><th class=\"num\">tokens/s</th><th class=\"num\">tokens out</th>")
          .append("<th class=\"num\">generation / total</th></tr></thead><tbody>\n");
      List<RunSummary> runs = new ArrayList<>(p.runs());
      runs.sort(Comparator.comparing(r -> String.valueOf(r.runId())));
      for (RunSummary r : runs) {
        out.append("<tr><td class=\"mono\">").append(escape(r.runId())).append("</td><td>")
            .append(escape(r.jobName()));
        List<String> setup = new ArrayList<>();
        if (r.master() != null) {
          setup.add("master " + r.master());
        }
        if (r.usage() != null) {
          setup.add("usage " + r.usage());
        }
        if (r.genpipeVersion() != null) {
          setup.add("genpipe " + r.genpipeVersion());
        }
        if (!setup.isEmpty()) {
          out.append("<div class=\"meta\">").append(escape(String.join(" \u00b7 ", setup))).append("</div>");
        }
        out.append("</td><td>").append(escape(startedAt(r.startedAt()))).append("</td>");
        num(r.manifestRows());
        out.append("<td>");
        if (r.total() != null) {
          out.append(r.total()).append(" (").append(r.ok() == null ? "?" : r.ok()).append(" / ")
              .append(r.error() == null ? "?" : r.error()).append(" / ")
              .append(r.skipped() == null ? "?" : r.skipped()).append(')');
        }
        out.append("</td><td class=\"num\">").append(decimal(r.rowsPerS())).append("</td><td class=\"num\">")
            .append(decimal(r.tokensPerS())).append("</td>");
        num(r.tokensOut());
        out.append("<td class=\"num\">").append(duration(r.generateMs()));
        if (r.totalMs() != null) {
          out.append(" / ").append(duration(r.totalMs()));
        }
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table></div>\n");
      if (runs.stream().anyMatch(r -> r.jobName() == null && r.totalMs() == null)) {
        out.append("<p class=\"note\">Runs without figures have rows in the manifest but no ")
            .append("<code>runs/&lt;run_id&gt;.json</code> provenance file.</p>\n");
      }
    }
    out.append("</section>\n");
  }

  private void num(Long v) {
    out.append("<td class=\"num\">").append(v == null ? "" : v).append("</td>");
  }

  private void images(List<ImageItem> images, long total) {
    out.append("<section id=\"images\">\n<h2>Images</h2>\n");
    note(images.size(), total, "image", "--max-thumbnails");
    if (!images.isEmpty()) {
      out.append("<div class=\"grid\">\n");
      for (ImageItem item : images) {
        ManifestEntry e = item.entry();
        Thumbnail t = item.thumbnail();
        out.append("<figure>\n<div class=\"frame\">");
        if (t != null && t.available()) {
          out.append("<img class=\"thumb\" src=\"").append(t.dataUri()).append("\" width=\"")
              .append(t.width()).append("\" height=\"").append(t.height()).append("\" alt=\"")
              .append(escape(e.str("prompt"))).append("\">");
        } else {
          out.append("<div class=\"missing\">image unavailable: ")
              .append(escape(t == null ? "no thumbnail" : t.problem())).append("</div>");
        }
        out.append("</div>\n<figcaption>\n<div class=\"pid\">").append(escape(e.promptId()))
            .append("</div>\n<div class=\"prompt\">").append(escape(e.str("prompt"))).append("</div>\n")
            .append("<div class=\"meta\">").append(escape(imageParams(e))).append("</div>\n")
            .append("<div class=\"meta\">").append(escape(modelLine(e))).append("</div>\n");
        details(e);
        out.append("</figcaption>\n</figure>\n");
      }
      out.append("</div>\n");
    }
    out.append("</section>\n");
  }

  private void texts(List<ManifestEntry> texts, long total) {
    out.append("<section id=\"texts\">\n<h2>Text generations</h2>\n");
    note(texts.size(), total, "text", "--max-text-rows");
    if (!texts.isEmpty()) {
      out.append("<table class=\"rows\"><thead><tr><th>prompt id</th><th>prompt</th><th>text</th>")
          .append("<th>finish</th><th class=\"num\">tokens in</th><th class=\"num\">tokens out</th>")
          .append("<th class=\"num\">latency ms</th><th>model</th><th>params &amp; provenance</th>")
          .append("</tr></thead><tbody>\n");
      for (ManifestEntry e : texts) {
        out.append("<tr><td class=\"pid\">").append(escape(e.promptId())).append("</td><td class=\"prompt\">")
            .append(escape(e.str("prompt"))).append("</td><td class=\"text\">").append(escape(e.str("text")))
            .append("</td><td>").append(escape(e.str("finish_reason"))).append("</td>");
        num(e.num("tokens_in"));
        num(e.num("tokens_out"));
        num(e.num("latency_ms"));
        out.append("<td>").append(escape(e.str("model_id"))).append("</td><td>");
        details(e);
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    out.append("</section>\n");
  }

  private void errors(List<ManifestEntry> errors) {
    out.append("<section id=\"errors\">\n<h2>Errors</h2>\n");
    if (errors.isEmpty()) {
      out.append("<p class=\"note\" id=\"no-errors\">No error rows.</p>\n");
    } else {
      out.append("<p class=\"note\">").append(errors.size()).append(errors.size() == 1 ? " error row" : " error rows")
          .append(" (every one listed).</p>\n")
          .append("<table class=\"errors\"><thead><tr><th>prompt id</th><th>task</th><th>error class</th>")
          .append("<th>message</th><th>run id</th><th>prompt, params &amp; provenance</th></tr></thead><tbody>\n");
      for (ManifestEntry e : errors) {
        out.append("<tr class=\"error-row\"><td class=\"pid\">").append(escape(e.promptId())).append("</td><td>")
            .append(escape(e.str("task"))).append("</td><td class=\"st-error\">").append(escape(e.str("error_class")))
            .append("</td><td class=\"msg\">").append(escape(e.str("error_message"))).append("</td><td class=\"mono\">")
            .append(escape(e.str("run_id"))).append("</td><td>");
        if (e.str("prompt") != null) {
          out.append("<div class=\"prompt\">").append(escape(e.str("prompt"))).append("</div>");
        }
        details(e);
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    out.append("</section>\n");
  }

  private void note(int shown, long total, String what, String option) {
    if (total == 0 && shown == 0) {
      out.append("<p class=\"note\">No ").append(what).append(" rows with an ok output.</p>\n");
      return;
    }
    long left = Math.max(0, total - shown);
    out.append("<p class=\"note\">Showing ").append(shown).append(" of ").append(total).append(' ')
        .append(what).append(total == 1 ? " row" : " rows").append(" (sorted by prompt id)");
    if (left > 0) {
      out.append("; <span class=\"left-out\">").append(left).append(" left out</span> (raise <code>")
          .append(option).append("</code> to include them)");
    }
    out.append(".</p>\n");
  }

  /** Every column of the row (but the prompt and text shown beside it), params pretty-printed. */
  private void details(ManifestEntry e) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String k : DETAIL_ORDER) {
      if (e.values().containsKey(k)) {
        ordered.put(k, e.values().get(k));
      }
    }
    e.values().forEach(ordered::putIfAbsent);
    out.append("<details><summary>params &amp; provenance</summary><table class=\"kv\"><tbody>");
    ordered.forEach((k, v) -> {
      if (NOT_IN_DETAILS.contains(k)) {
        return;
      }
      out.append("<tr><th>").append(escape(k)).append("</th><td>");
      if ("params".equals(k)) {
        out.append("<pre>").append(escape(prettyJson(v.toString()))).append("</pre>");
      } else {
        out.append(escape(v));
      }
      out.append("</td></tr>");
    });
    out.append("</tbody></table></details>\n");
  }

  /** The image's key parameters: seed, size, steps, guidance, scheduler, negative prompt. */
  static String imageParams(ManifestEntry e) {
    List<String> parts = new ArrayList<>();
    if (e.num("seed") != null) {
      parts.add("seed " + e.num("seed"));
    }
    JsonNode params = parse(e.str("params"));
    Long w = e.num("width") != null ? e.num("width") : longParam(params, "width");
    Long h = e.num("height") != null ? e.num("height") : longParam(params, "height");
    if (w != null && h != null) {
      parts.add(w + "\u00d7" + h);
    }
    if (params != null) {
      if (params.path("num_inference_steps").isNumber()) {
        parts.add(params.get("num_inference_steps").asLong() + " steps");
      }
      if (params.path("guidance_scale").isNumber()) {
        parts.add("guidance " + Double.toString(params.get("guidance_scale").asDouble()));
      }
      if (params.path("scheduler").isTextual()) {
        parts.add(params.get("scheduler").asText());
      }
      if (params.path("negative_prompt").isTextual() && !params.get("negative_prompt").asText().isEmpty()) {
        parts.add("negative: " + params.get("negative_prompt").asText());
      }
    }
    return String.join(" \u00b7 ", parts);
  }

  private static String modelLine(ManifestEntry e) {
    List<String> parts = new ArrayList<>();
    if (e.str("model_id") != null) {
      parts.add(e.str("model_id"));
    }
    if (e.str("model_license") != null) {
      parts.add("licence " + e.str("model_license"));
    }
    if (e.num("latency_ms") != null) {
      parts.add(e.num("latency_ms") + " ms");
    }
    return String.join(" \u00b7 ", parts);
  }

  private static Long longParam(JsonNode params, String name) {
    return params != null && params.path(name).isNumber() ? params.get(name).asLong() : null;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(json);
      return n != null && n.isObject() ? n : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String prettyJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null) {
        return json;
      }
      // Keys sorted, so that the page does not depend on the writer's key order.
      Object sorted = JSON.treeToValue(n, Object.class);
      return JSON.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .writerWithDefaultPrettyPrinter().writeValueAsString(sorted);
    } catch (java.io.IOException e) {
      return json;
    }
  }

  private static String status(String s) {
    String cls = "ok".equals(s) ? "st-ok" : "error".equals(s) ? "st-error" : "";
    return "<span class=\"" + cls + "\">" + escape(s) + "</span>";
  }

  private static List<ManifestEntry> sorted(List<ManifestEntry> rows) {
    List<ManifestEntry> copy = new ArrayList<>(rows);
    copy.sort(BY_PROMPT_ID);
    return copy;
  }

  private static String abbreviate(String sha) {
    return sha == null ? "" : sha.length() <= 12 ? sha : sha.substring(0, 12) + "\u2026";
  }

  private static String decimal(Double d) {
    return d == null ? "" : String.format(Locale.ROOT, "%.1f", d);
  }

  /** {@code 2026-01-02T03:04:05.123456Z} as {@code 2026-01-02 03:04:05Z}; other text as it is. */
  private static String startedAt(String iso) {
    if (iso == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?Z").matcher(iso);
    return m.matches() ? m.group(1) + " " + m.group(2) + "Z" : iso;
  }

  private static String duration(Long ms) {
    if (ms == null) {
      return "";
    }
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /** {@code sha256-<base64>}, the CSP source expression of an inline script or style. */
  static String hash(String content) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
