package io.genpipe.runtime.generate;

import java.util.Objects;

/**
 * One text row to generate.
 *
 * @param seed the base seed of the row (row seed, else job seed); the row's generator is derived
 *     from it and the id by {@link RowSeeds}
 */
public record TextRequest(String id, String prompt, GenerationParams params, long seed) {
  public TextRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(params, "params");
  }
}
