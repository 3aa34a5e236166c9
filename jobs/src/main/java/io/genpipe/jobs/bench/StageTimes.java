package io.genpipe.jobs.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Where a Spark run's time went, stage by stage: wall time, tasks, the longest task and the
 * summed executor run time, from Spark's listener events (which arrive asynchronously; {@link
 * #stagesOf} waits for the jobs' end events).
 */
final class StageTimes extends SparkListener {
  /**
   * One completed stage.
   *
   * @param name Spark's call-site name, e.g. {@code parquet at GenerationJob.java:79}
   * @param wallMs submission to completion
   * @param maxTaskMs the longest task
   * @param runMs executor run time summed over tasks
   * @param cpuMs executor CPU time summed over tasks
   */
  record Stage(int stageId, String name, long submitted, long wallMs, int tasks, long maxTaskMs,
      long runMs, long cpuMs) {}

  private final Map<Integer, List<Integer>> stagesByJob = new HashMap<>();
  private final Set<Integer> endedJobs = new HashSet<>();
  private final Map<Integer, Stage> stages = new HashMap<>();
  private final Map<Integer, Long> maxTask = new HashMap<>();

  @Override
  public synchronized void onJobStart(SparkListenerJobStart e) {
    List<Integer> ids = new ArrayList<>();
    e.stageIds().foreach(id -> ids.add((Integer) id));
    stagesByJob.put(e.jobId(), ids);
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd e) {
    endedJobs.add(e.jobId());
    notifyAll();
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    maxTask.merge(e.stageId(), e.taskInfo().duration(), Math::max);
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted e) {
    StageInfo s = e.stageInfo();
    long submitted = (Long) s.submissionTime().getOrElse(() -> 0L);
    long completed = (Long) s.completionTime().getOrElse(() -> submitted);
    long runMs = s.taskMetrics() == null ? 0 : s.taskMetrics().executorRunTime();
    long cpuMs = s.taskMetrics() == null ? 0 : s.taskMetrics().executorCpuTime() / 1_000_000;
    stages.put(s.stageId(), new Stage(s.stageId(), s.name(), submitted, completed - submitted,
        s.numTasks(), maxTask.getOrDefault(s.stageId(), 0L), runMs, cpuMs));
  }

  /** The completed stages of {@code jobIds} in submission order, once their jobs have ended. */
  synchronized List<Stage> stagesOf(int[] jobIds, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (int job : jobIds) {
      while (!endedJobs.contains(job) && System.currentTimeMillis() < deadline) {
        wait(Math.max(1, deadline - System.currentTimeMillis()));
      }
    }
    List<Stage> out = new ArrayList<>();
    for (int job : jobIds) {
      for (int id : stagesByJob.getOrDefault(job, List.of())) {
        if (stages.containsKey(id)) {
          out.add(stages.get(id));
        }
      }
    }
    out.sort(Comparator.comparingLong(Stage::submitted));
    return out;
  }
}
