package io.genpipe.udf.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Live counters of a text job, merged on the driver as tasks finish (a retried task may count
 * twice here; the manifest, not these counters, is the record). Model loads count wherever they
 * happen: in tasks, and on the driver when a local master's tasks share the driver's loaded model.
 */
public record TextProgress(LongAccumulator rows, LongAccumulator errors, LongAccumulator tokensOut,
    LongAccumulator modelLoads, LongAccumulator modelLoadNanos, LongAccumulator materialiseNanos,
    LongAccumulator modelBorrows, LongAccumulator modelBytesFetched,
    LongAccumulator modelLoadsOnDriver) implements Serializable {

  public static TextProgress register(SparkContext sc) {
    return new TextProgress(sc.longAccumulator("genpipe.rows"), sc.longAccumulator("genpipe.errors"),
        sc.longAccumulator("genpipe.tokens_out"), sc.longAccumulator("genpipe.model_loads"),
        sc.longAccumulator("genpipe.model_load_nanos"),
        sc.longAccumulator("genpipe.model_materialise_nanos"),
        sc.longAccumulator("genpipe.model_borrows"),
        sc.longAccumulator("genpipe.model_bytes_fetched"),
        sc.longAccumulator("genpipe.model_loads_on_driver"));
  }

  /** Records a load done by a task (open the sessions, materialise the files, bytes fetched). */
  public void loaded(long loadNanos, long materialiseTime, long bytesFetched) {
    modelLoads.add(1);
    modelLoadNanos.add(loadNanos);
    materialiseNanos.add(materialiseTime);
    modelBytesFetched.add(bytesFetched);
  }

  /** Records a load the driver did into the cache its (local-master) tasks share. */
  public void loadedOnDriver(long loadNanos, long materialiseTime, long bytesFetched) {
    loaded(loadNanos, materialiseTime, bytesFetched);
    modelLoadsOnDriver.add(1);
  }

  /** Borrows by tasks served by an already loaded model. */
  public long cacheHits() {
    return modelBorrows.value() - (modelLoads.value() - modelLoadsOnDriver.value());
  }
}
