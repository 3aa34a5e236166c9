package io.genpipe.udf.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Live counters of a text job, merged on the driver as tasks finish (a retried task may count
 * twice here; the manifest, not these counters, is the record).
 */
public record TextProgress(LongAccumulator rows, LongAccumulator errors, LongAccumulator tokensOut,
    LongAccumulator modelLoads, LongAccumulator modelLoadNanos, LongAccumulator materialiseNanos,
    LongAccumulator modelBorrows) implements Serializable {

  public static TextProgress register(SparkContext sc) {
    return new TextProgress(sc.longAccumulator("genpipe.rows"), sc.longAccumulator("genpipe.errors"),
        sc.longAccumulator("genpipe.tokens_out"), sc.longAccumulator("genpipe.model_loads"),
        sc.longAccumulator("genpipe.model_load_nanos"),
        sc.longAccumulator("genpipe.model_materialise_nanos"),
        sc.longAccumulator("genpipe.model_borrows"));
  }

  /** Records a load done by a task (time to open the sessions, time to materialise the files). */
  public void loaded(long loadNanos, long materialiseNanos) {
    modelLoads.add(1);
    modelLoadNanos.add(loadNanos);
    materialiseNanos().add(materialiseNanos);
  }
}
