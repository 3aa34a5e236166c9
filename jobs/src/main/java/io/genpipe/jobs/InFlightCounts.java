package io.genpipe.jobs;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * The part of some accumulators that running tasks hold and have not merged yet. Spark merges a
 * task's accumulator updates on the driver only when the task ends, but every executor heartbeat
 * ({@code spark.executor.heartbeatInterval}, 10 s by default) carries each running task's current
 * values; this listener keeps the latest of them per task and drops a task's entry when it ends
 * (its values are in the accumulator then). So "driver value + in flight" follows a long task
 * while it runs, at heartbeat granularity.
 */
final class InFlightCounts extends SparkListener {
  private final Set<Long> tracked;
  /** task id → accumulator id → that task's current value. */
  private final Map<Long, Map<Long, Long>> byTask = new ConcurrentHashMap<>();

  InFlightCounts(LongAccumulator... accumulators) {
    this.tracked = java.util.Arrays.stream(accumulators).map(LongAccumulator::id)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** The accumulator's value plus what running tasks hold of it. */
  long value(LongAccumulator acc) {
    long inFlight = 0;
    for (Map<Long, Long> values : byTask.values()) {
      inFlight += values.getOrDefault(acc.id(), 0L);
    }
    return acc.value() + inFlight;
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task
        : JavaConverters.seqAsJavaList(update.accumUpdates())) {
      Map<Long, Long> values = new ConcurrentHashMap<>();
      for (AccumulableInfo info : JavaConverters.seqAsJavaList(task._4())) {
        if (tracked.contains(info.id()) && info.update().isDefined()
            && info.update().get() instanceof Long v) {
          values.put(info.id(), v);
        }
      }
      if (!values.isEmpty()) {
        byTask.put((Long) task._1(), values);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    byTask.remove(end.taskInfo().taskId());
  }
}
