package io.genpipe.udf.spark;

import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor JVM's loaded models: one load per (model digest, session settings), shared by all
 * tasks of the executor. Concurrent tasks asking for the same model wait for the one load. Models
 * stay open for the life of the JVM (closed by a shutdown hook); tasks borrow, never close.
 */
public final class ExecutorModels {
  private static final Map<Key, TextModel> TEXT = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();
  private static final AtomicLong LOAD_NANOS = new AtomicLong();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "genpipe-models-close"));
  }

  private record Key(String sha256, SessionConf session) {}

  private ExecutorModels() {}

  /**
   * The loaded model for {@code spec} on {@code session}'s device, loading it at most once;
   * {@code onLoad} runs in the one caller that loaded it.
   */
  public static TextModel text(TextModelSpec spec, SessionConf session, Runnable onLoad) {
    return TEXT.computeIfAbsent(new Key(spec.descriptor().sha256(), session),
        k -> load(spec, session, onLoad));
  }

  private static TextModel load(TextModelSpec spec, SessionConf session, Runnable onLoad) {
    long t0 = System.nanoTime();
    TextModel m = TextModel.load(spec.descriptor().modelId(), Path.of(spec.localDir()), session);
    LOADS.incrementAndGet();
    onLoad.run();
    LOAD_NANOS.addAndGet(System.nanoTime() - t0);
    return m;
  }

  /** Model loads done by this JVM so far. */
  public static long loads() {
    return LOADS.get();
  }

  public static long loadNanos() {
    return LOAD_NANOS.get();
  }

  /** Closes and forgets every loaded model (JVM shutdown; tests). */
  public static synchronized void closeAll() {
    TEXT.values().forEach(TextModel::close);
    TEXT.clear();
  }
}
