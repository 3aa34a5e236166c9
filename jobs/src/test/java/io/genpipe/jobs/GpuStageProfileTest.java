package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.rdd.RDD;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The opt-in GPU profile of the generation stage: validated on the driver, attached to its RDD. */
class GpuStageProfileTest {
  private static JobConf conf(Map<String, String> extra) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, "p.jsonl");
    o.put(JobOptions.OUT, "out");
    o.putAll(extra);
    return new JobOptions().layer(o, "test").toJobConf();
  }

  @Test
  void offByDefault() {
    assertEquals(GpuStageConf.OFF, conf(Map.of()).gpuStage());
  }

  @Test
  void refusedOnALocalMasterAndWithoutDynamicAllocation() {
    JobConfigException local = assertThrows(JobConfigException.class,
        () -> GpuStageProfile.check(new SparkConf().setMaster("local[4]")));
    assertTrue(local.getMessage().contains("needs a cluster master") && local.getMessage()
        .contains("local[4]"), local.getMessage());
    JobConfigException yarn = assertThrows(JobConfigException.class,
        () -> GpuStageProfile.check(new SparkConf().setMaster("yarn")));
    assertTrue(yarn.getMessage().contains("spark.dynamicAllocation.enabled=true"), yarn.getMessage());
    GpuStageProfile.check(new SparkConf().setMaster("k8s://https://api:6443")
        .set("spark.dynamicAllocation.enabled", "true"));
  }

  @Test
  void badAmountsAreRefusedNamingTheOption() {
    JobConfigException e = assertThrows(JobConfigException.class,
        () -> conf(Map.of(JobOptions.TASK_GPUS, "0.3")));
    assertTrue(e.getMessage().contains("task-gpus"), e.getMessage());
    assertThrows(JobConfigException.class, () -> conf(Map.of(JobOptions.TASK_GPUS, "2")));
    assertThrows(JobConfigException.class, () -> conf(Map.of(JobOptions.EXECUTOR_GPUS, "0")));
  }

  @Test
  void profileIsOnTheGenerationRddOnly() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("gpu-stage")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      // The job's shape: prompts read and repartitioned (a shuffle), then the generation stage.
      Dataset<Row> generated = spark.range(8).toDF("n").repartition(2);
      assertSame(generated, GpuStageProfile.apply(conf(Map.of()), generated), "off: untouched");
      JobConf on = conf(Map.of(JobOptions.GPU_STAGE_PROFILE, "true", JobOptions.EXECUTOR_GPUS, "2",
          JobOptions.TASK_GPUS, "0.5"));
      Dataset<Row> staged = GpuStageProfile.apply(on, generated);
      ResourceProfile rp = profileBeforeShuffle(staged.rdd());
      assertNotNull(rp, "no RDD of the generation stage carries a resource profile");
      assertEquals(2L, rp.executorResources().get("gpu").get().amount());
      assertEquals(0.5, rp.taskResources().get("gpu").get().amount());
      assertEquals(0, profilesBehindShuffle, "the stage before the shuffle keeps the default profile");
    } finally {
      spark.stop();
    }
  }

  private int profilesBehindShuffle;

  /** The profile on the generation stage's RDDs; counts profiles on RDDs behind its shuffle. */
  private ResourceProfile profileBeforeShuffle(RDD<?> rdd) {
    ResourceProfile found = null;
    Deque<RDD<?>> todo = new ArrayDeque<>();
    Deque<RDD<?>> behind = new ArrayDeque<>();
    todo.add(rdd);
    while (!todo.isEmpty()) {
      RDD<?> r = todo.poll();
      found = r.getResourceProfile() != null ? r.getResourceProfile() : found;
      scala.collection.Iterator<org.apache.spark.Dependency<?>> deps = r.dependencies().iterator();
      while (deps.hasNext()) {
        org.apache.spark.Dependency<?> d = deps.next();
        (d instanceof org.apache.spark.ShuffleDependency ? behind : todo).add(d.rdd());
      }
    }
    while (!behind.isEmpty()) {
      RDD<?> r = behind.poll();
      profilesBehindShuffle += r.getResourceProfile() != null ? 1 : 0;
      r.dependencies().foreach(d -> behind.add(d.rdd()));
    }
    return found;
  }
}
