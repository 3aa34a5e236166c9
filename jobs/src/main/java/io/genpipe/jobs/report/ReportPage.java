package io.genpipe.jobs.report;

import java.util.List;

/**
 * Everything the HTML page shows, already collected from the manifest and the runs' provenance
 * files. {@link ReportHtml} renders it without any further I/O.
 *
 * @param output the run's output prefix, shown in the header
 * @param statusCounts rows of the consolidated view by task and status
 * @param models models used, with licence and policy decision
 * @param runs one entry per run (manifest partitions and {@code runs/*.json})
 * @param images the embedded thumbnails (at most the thumbnail cap)
 * @param imagesTotal how many ok image rows the manifest holds
 * @param texts the text generations shown (at most the text-row cap)
 * @param textsTotal how many ok text rows the manifest holds
 * @param errors every error row
 */
public record ReportPage(String output, List<StatusCount> statusCounts, List<ModelSummary> models,
    List<RunSummary> runs, List<ImageItem> images, long imagesTotal, List<ManifestEntry> texts,
    long textsTotal, List<ManifestEntry> errors) {

  public ReportPage {
    statusCounts = List.copyOf(statusCounts);
    models = List.copyOf(models);
    runs = List.copyOf(runs);
    images = List.copyOf(images);
    texts = List.copyOf(texts);
    errors = List.copyOf(errors);
  }

  /** Rows of the consolidated view with one task and status; {@code tokensOut} may be null. */
  public record StatusCount(String task, String status, long rows, Long tokensOut) {}

  /** One model as the manifest records it, with the rows it produced. */
  public record ModelSummary(String task, String modelId, String sha256, String license,
      String licenseCategory, String policyDecision, long rows) {}

  /** An image row with its thumbnail (or the reason there is none). */
  public record ImageItem(ManifestEntry entry, Thumbnail thumbnail) {}
}
