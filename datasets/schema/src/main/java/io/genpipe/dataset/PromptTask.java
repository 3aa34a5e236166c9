package io.genpipe.dataset;

import java.util.Arrays;
import java.util.Optional;

/**
 * Values of the {@code task} column. The schema check accepts any string; whether a row's task
 * is known and supported is decided per row by the job.
 */
public enum PromptTask {
  TEXT("text"),
  /** Reserved: accepted by the schema, generation is not implemented yet. */
  IMAGE("image"),
  /** Reserved: accepted by the schema, generation is not implemented yet. */
  MUSIC("music");

  private final String wireName;

  PromptTask(String wireName) {
    this.wireName = wireName;
  }

  /** The value as written in the {@code task} column. */
  public String wireName() {
    return wireName;
  }

  /** The task with this exact (case-sensitive) wire name, or empty for null or unknown values. */
  public static Optional<PromptTask> fromWireName(String value) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
  }
}
