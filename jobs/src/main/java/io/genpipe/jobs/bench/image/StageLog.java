package io.genpipe.jobs.bench.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/** Spark stages by job group, with their wall time, for the breakdown of one job run. */
final class StageLog extends SparkListener {
  /** One completed stage. */
  record Stage(int id, String name, int tasks, long submittedMs, long wallMs) {}

  private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
  private final Map<String, List<Stage>> stages = new ConcurrentHashMap<>();
  private volatile long lastEventNanos = System.nanoTime();

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String group = start.properties() == null ? null
        : start.properties().getProperty("spark.jobGroup.id");
    if (group != null) {
      scala.collection.Iterator<Object> it = start.stageIds().iterator();
      while (it.hasNext()) {
        groupOfStage.put((Integer) it.next(), group);
      }
    }
    lastEventNanos = System.nanoTime();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted done) {
    StageInfo s = done.stageInfo();
    String group = groupOfStage.get(s.stageId());
    if (group != null && s.submissionTime().isDefined() && s.completionTime().isDefined()) {
      long submitted = (Long) s.submissionTime().get();
      long completed = (Long) s.completionTime().get();
      stages.computeIfAbsent(group, g -> java.util.Collections.synchronizedList(new ArrayList<>()))
          .add(new Stage(s.stageId(), s.name(), s.numTasks(), submitted, completed - submitted));
    }
    lastEventNanos = System.nanoTime();
  }

  /** The stages of {@code group}, in submission order, once events have gone quiet (max 3 s). */
  List<Stage> stagesOf(String group) throws InterruptedException {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < deadline && System.nanoTime() - lastEventNanos < 300_000_000L) {
      Thread.sleep(20);
    }
    List<Stage> out = new ArrayList<>(stages.getOrDefault(group, List.of()));
    out.sort(java.util.Comparator.comparingLong(Stage::submittedMs));
    return out;
  }
}
