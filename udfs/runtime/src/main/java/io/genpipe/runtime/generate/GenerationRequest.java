package io.genpipe.runtime.generate;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** One row to continue: its prompt token ids, parameters and its own random generator. */
public record GenerationRequest(
    String id, long[] promptIds, GenerationParams params, RandomGenerator rng) {
  public GenerationRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(rng, "rng");
    if (promptIds == null || promptIds.length == 0) {
      throw new IllegalArgumentException("row " + id + ": prompt has no tokens");
    }
  }
}
