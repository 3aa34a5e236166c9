package io.genpipe.jobs.bench.models;

import io.genpipe.model.spark.DistributedModel;
import java.io.Serializable;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * A Spark task that materialises a broadcast model the way executors do
 * ({@link DistributedModel#localFolder}), timing three calls: into a fresh cache folder (chunk
 * fetch + write + sha256 verify + publish), again into the same folder (cache hit), and into a
 * second fresh folder once the chunks are local (write + verify only, no fetch).
 */
final class MaterialiseTask implements Function<Integer, MaterialiseTask.Probe> {
  private static final long serialVersionUID = 1L;

  /** What one task measured. */
  record Probe(String executorId, int partition, long bytes, long fetchWriteVerifyNanos,
      long hitNanos, long localBlocksNanos, long heapUsedAfterGc) implements Serializable {}

  private final DistributedModel model;
  private final String cacheRoot;
  private final boolean second;

  /**
   * @param second also time the materialisation into a second fresh folder (chunks local by
   *     then); pointless in local mode, where the chunks are always local, so -1 is reported
   */
  MaterialiseTask(DistributedModel model, String cacheRoot, boolean second) {
    this.model = model;
    this.cacheRoot = cacheRoot;
    this.second = second;
  }

  @Override
  public Probe call(Integer ignored) {
    String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
    int partition = TaskContext.getPartitionId();
    Path root = Path.of(cacheRoot, "exec-" + executor + "-p" + partition);
    long t0 = System.nanoTime();
    model.localFolder(root.resolve("first"));
    long t1 = System.nanoTime();
    model.localFolder(root.resolve("first"));
    long t2 = System.nanoTime();
    if (second) {
      model.localFolder(root.resolve("second"));
    }
    long t3 = second ? System.nanoTime() : t2 - 1;
    BigModelFolder.deleteTree(root);
    // What this JVM's heap still holds once the model is on disk (the broadcast chunks stay in
    // the block manager until the driver releases them).
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return new Probe(executor, partition, model.descriptor().totalBytes(), t1 - t0, t2 - t1,
        t3 - t2, rt.totalMemory() - rt.freeMemory());
  }
}
