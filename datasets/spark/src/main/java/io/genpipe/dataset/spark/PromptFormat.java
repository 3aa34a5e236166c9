package io.genpipe.dataset.spark;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** File formats a prompt dataset can be read from. */
public enum PromptFormat {
  /** A Parquet file, or a folder of Parquet part files. The default. */
  PARQUET,
  /** JSON Lines: one JSON object per line ({@code .jsonl}, {@code .ndjson}, {@code .json}). */
  JSON_LINES,
  /** CSV with a header row; every column is read as a string ({@code .csv}). */
  CSV;

  private static final List<String> COMPRESSION_SUFFIXES =
      List.of(".gz", ".bz2", ".zst", ".lz4", ".snappy", ".deflate");

  /**
   * The format a path's name implies: {@code .jsonl}, {@code .ndjson} and {@code .json} are JSON
   * Lines, {@code .csv} is CSV, anything else (a {@code .parquet} file, a folder of part files) is
   * Parquet. A compression suffix such as {@code .gz} is ignored, and so is a trailing slash.
   */
  public static PromptFormat fromPath(String path) {
    Objects.requireNonNull(path, "path");
    String name = stripCompression(stripTrailingSlashes(path).toLowerCase(Locale.ROOT));
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSON_LINES;
    }
    return name.endsWith(".csv") ? CSV : PARQUET;
  }

  private static String stripTrailingSlashes(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String stripCompression(String name) {
    return COMPRESSION_SUFFIXES.stream()
        .filter(name::endsWith)
        .findFirst()
        .map(s -> name.substring(0, name.length() - s.length()))
        .orElse(name);
  }
}
