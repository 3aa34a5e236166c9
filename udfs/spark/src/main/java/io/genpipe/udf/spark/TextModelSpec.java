package io.genpipe.udf.spark;

import io.genpipe.model.ModelDescriptor;
import java.io.Serializable;
import java.util.Objects;

/**
 * A text model as tasks see it: the name rows use to pick it, its resolved descriptor (digests,
 * licence), where executors open it, and the licence-gate decision made on the driver. Small and
 * serialisable: weights never travel in task closures.
 *
 * @param localDir the folder executors open (same path on every node, or a shared mount)
 */
public record TextModelSpec(
    String name, ModelDescriptor descriptor, String localDir, PolicyDecision policy)
    implements Serializable {
  public TextModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(localDir, "localDir");
    Objects.requireNonNull(policy, "policy");
  }
}
