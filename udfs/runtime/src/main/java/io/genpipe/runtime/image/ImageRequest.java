package io.genpipe.runtime.image;

import java.util.Objects;

/**
 * One image row to generate.
 *
 * @param seed the base seed of the row (its seed column, else its seed parameter, else the job
 *     seed); the row's generator is derived from it and the id by
 *     {@link io.genpipe.runtime.generate.RowSeeds}
 */
public record ImageRequest(String id, String prompt, ImageParams params, long seed) {
  public ImageRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(params, "params");
  }
}
