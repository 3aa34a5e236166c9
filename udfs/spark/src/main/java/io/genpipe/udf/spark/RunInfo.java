package io.genpipe.udf.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Who produced the outputs, recorded in every manifest row.
 *
 * @param outPrefix the run's output prefix (media objects go under {@code <outPrefix>/media/})
 */
public record RunInfo(String runId, String jobName, String genpipeVersion, String promptDataset,
    String outPrefix) implements Serializable {
  public RunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(outPrefix, "outPrefix");
  }
}
