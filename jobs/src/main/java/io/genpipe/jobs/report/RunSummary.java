package io.genpipe.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One run: its rows in the manifest and, when present, the figures of its provenance file
 * {@code OUT/runs/<run_id>.json} (null fields when the file is missing or lacks them).
 */
public record RunSummary(String runId, Long manifestRows, String jobName, String genpipeVersion,
    String startedAt, Long totalMs, Long generateMs, Long total, Long ok, Long error,
    Long skipped, Double rowsPerS, Double tokensPerS, Long tokensOut, String master,
    String usage) {

  /** The summary of a provenance file; {@code manifestRows} from the manifest (may be null). */
  public static RunSummary fromJson(JsonNode run, Long manifestRows) {
    JsonNode counts = run.path("counts");
    JsonNode t = run.path("throughput");
    JsonNode timings = run.path("timings");
    JsonNode config = run.path("config");
    return new RunSummary(text(run.path("run_id")), manifestRows, text(run.path("job_name")),
        text(run.path("genpipe_version")), text(timings.path("started_at")),
        lng(timings.path("total_ms")), lng(timings.path("generate_ms")), lng(counts.path("total")),
        lng(counts.path("ok")), lng(counts.path("error")), lng(counts.path("skipped_already_ok")),
        dbl(t.path("rows_per_s")), dbl(t.path("tokens_per_s")), lng(t.path("tokens_out")),
        text(config.path("master")), text(config.path("usage")));
  }

  /** A run seen only in the manifest (its provenance file is missing). */
  public static RunSummary manifestOnly(String runId, long manifestRows) {
    return new RunSummary(runId, manifestRows, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }

  public RunSummary withManifestRows(Long rows) {
    return new RunSummary(runId, rows, jobName, genpipeVersion, startedAt, totalMs, generateMs,
        total, ok, error, skipped, rowsPerS, tokensPerS, tokensOut, master, usage);
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static Long lng(JsonNode n) {
    return n.isNumber() ? n.asLong() : null;
  }

  private static Double dbl(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }
}
