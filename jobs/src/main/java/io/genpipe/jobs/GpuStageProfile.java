package io.genpipe.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.resource.ExecutorResourceRequests;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage-level scheduling for the generation stage only: with {@code gpu-stage-profile=true} its RDD
 * carries a Spark {@link ResourceProfile} asking for {@code executor-gpus} per executor and
 * {@code task-gpus} per task, so that Spark starts GPU executors for that stage while reading
 * prompts and writing the manifest run on the application's plain executors.
 *
 * <p>Spark 3.5 starts executors with a stage's own resources only with dynamic allocation
 * ({@code spark.dynamicAllocation.enabled=true}) on YARN, Kubernetes or a standalone master;
 * elsewhere it would refuse the profile when the stage runs (or, in its own unit tests, ignore it).
 * {@link #check} refuses such a job on the driver before any work, saying what to change.
 */
final class GpuStageProfile {
  private GpuStageProfile() {}

  /** Refuses a job whose master cannot honour the profile. */
  static void check(SparkSession spark, JobConf conf) {
    if (conf.gpuStage().enabled()) {
      check(spark.sparkContext().getConf());
    }
  }

  static void check(SparkConf sc) {
    String master = sc.get("spark.master", "local");
    boolean cluster = master.equals("yarn") || master.startsWith("k8s://")
        || master.startsWith("spark://") || master.startsWith("local-cluster");
    if (!cluster) {
      throw new JobConfigException("gpu-stage-profile=true needs a cluster master (YARN, "
          + "Kubernetes or Spark standalone), not '" + master + "': Spark supports stage-level "
          + "scheduling only there; drop gpu-stage-profile to run on " + master);
    }
    if (!sc.getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new JobConfigException("gpu-stage-profile=true needs spark.dynamicAllocation.enabled="
          + "true (Spark 3.5 starts executors with the generation stage's GPUs only with dynamic "
          + "allocation, which also needs spark.dynamicAllocation.shuffleTracking.enabled=true or "
          + "an external shuffle service); with static executors, give them GPUs with "
          + "spark.executor.resource.gpu.amount and leave gpu-stage-profile off");
    }
  }

  /** {@code generated} with the profile on its RDD, or {@code generated} itself when off. */
  static Dataset<Row> apply(JobConf conf, Dataset<Row> generated) {
    GpuStageConf g = conf.gpuStage();
    if (!g.enabled()) {
      return generated;
    }
    SparkSession spark = generated.sparkSession();
    JavaRDD<Row> rdd = generated.javaRDD().withResources(profile(spark.sparkContext().getConf(), g));
    return spark.createDataFrame(rdd, generated.schema());
  }

  static ResourceProfile profile(SparkConf sc, GpuStageConf g) {
    ExecutorResourceRequests executor = new ExecutorResourceRequests().resource("gpu",
        g.executorGpus(), sc.get("spark.executor.resource.gpu.discoveryScript", ""),
        sc.get("spark.executor.resource.gpu.vendor", ""));
    TaskResourceRequests task = new TaskResourceRequests().resource("gpu", g.taskGpus());
    return new ResourceProfileBuilder().require(executor).require(task).build();
  }
}
