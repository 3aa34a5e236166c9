package io.genpipe.udf.spark;

import io.genpipe.model.spark.DistributedModel;
import java.io.Serializable;
import java.util.Objects;

/**
 * A text model as tasks see it: the name rows use to pick it, the distributed model (descriptor
 * with digests and licence, and how executors get the bytes), and the licence-gate decision made
 * on the driver. Small and serialisable: weights never travel in task closures.
 *
 * @param generationConfig the text of the model's {@code generation_config.json}, or null: rows
 *     resolve their params against it without opening the model
 */
public record TextModelSpec(String name, DistributedModel model, PolicyDecision policy,
    String generationConfig) implements Serializable {
  public TextModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(policy, "policy");
  }

  public io.genpipe.model.ModelDescriptor descriptor() {
    return model.descriptor();
  }
}
