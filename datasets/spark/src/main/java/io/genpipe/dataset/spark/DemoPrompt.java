package io.genpipe.dataset.spark;

import java.util.Objects;

/**
 * One hand-written row of the demo dataset (task is always {@code text}).
 *
 * @param params compact JSON object text, or null
 * @param seed per-row seed, or null
 */
public record DemoPrompt(String id, String prompt, String params, Long seed, String topic) {
  public DemoPrompt {
    Objects.requireNonNull(id, "id");
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
