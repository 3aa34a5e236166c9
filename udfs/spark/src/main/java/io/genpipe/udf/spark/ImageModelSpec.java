package io.genpipe.udf.spark;

import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.spark.DistributedModel;
import java.io.Serializable;
import java.util.Objects;

/**
 * An image model as tasks see it (the image twin of {@link TextModelSpec}).
 *
 * @param defaults the model's image defaults as JSON (scheduler, native size, steps, guidance),
 *     read on the driver from the loaded model, so rows resolve their params without opening it
 */
public record ImageModelSpec(String name, DistributedModel model, PolicyDecision policy,
    String defaults) implements Serializable {
  public ImageModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(defaults, "defaults");
  }

  public ModelDescriptor descriptor() {
    return model.descriptor();
  }
}
