package io.genpipe.dataset.spark;

import java.util.Objects;

/**
 * One hand-written row of the demo dataset.
 *
 * @param task {@code text} or {@code image}
 * @param params compact JSON object text, or null
 * @param seed per-row seed, or null
 */
public record DemoPrompt(String id, String task, String prompt, String params, Long seed,
    String topic) {
  /** A text row. */
  public DemoPrompt(String id, String prompt, String params, Long seed, String topic) {
    this(id, "text", prompt, params, seed, topic);
  }

  public DemoPrompt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(topic, "topic");
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("demo prompt '" + id + "' needs a non-blank prompt");
    }
    if (params != null && !params.startsWith("{")) {
      throw new IllegalArgumentException(
          "demo prompt '" + id + "' params must be a JSON object, got '" + params + "'");
    }
  }
}
