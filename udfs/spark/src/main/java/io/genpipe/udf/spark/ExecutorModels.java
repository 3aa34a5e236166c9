package io.genpipe.udf.spark;

import io.genpipe.model.spark.DistributedModel;
import io.genpipe.onnx.SessionConf;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The executor JVM's loaded models, shared by all its tasks: one load per (model digest, session
 * settings — device included). Concurrent tasks asking for the same model wait for the one load.
 * Tasks borrow a model through a {@link Lease} and give it back; idle models are evicted least
 * recently used first, their native sessions closed, when the loaded models' size exceeds the
 * memory budget — checked when a model is loaded and again when one is handed back. A model in
 * use is never evicted (the budget may then be exceeded, and is logged).
 */
public final class ExecutorModels {
  private static final Logger LOG = Logger.getLogger(ExecutorModels.class.getName());
  /** Access-ordered: iteration starts at the least recently used entry. */
  private static final LinkedHashMap<Key, Entry> LOADED = new LinkedHashMap<>(16, 0.75f, true);
  private static final Map<Key, Object> LOAD_LOCKS = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();
  private static final AtomicLong EVICTIONS = new AtomicLong();
  /** The budget the latest borrow asked for; a model handed back is evicted against it. */
  private static long budget = Long.MAX_VALUE;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "genpipe-models-close"));
  }

  private record Key(String sha256, SessionConf session) {}

  private static final class Entry {
    final AutoCloseable model;
    final long bytes;
    int borrowers;

    Entry(AutoCloseable model, long bytes) {
      this.model = model;
      this.bytes = bytes;
    }
  }

  /** What a borrow cost when it loaded the model: load and materialise time, bytes fetched. */
  public interface LoadListener {
    LoadListener NONE = (nanos, materialiseNanos, bytesFetched) -> {};

    void loaded(long loadNanos, long materialiseNanos, long bytesFetched);
  }

  /** Opens a model from its local folder. */
  @FunctionalInterface
  public interface Loader<M extends AutoCloseable> {
    M load(String modelId, Path dir, SessionConf session);
  }

  /** A borrowed model; closing gives it back (the model stays loaded). */
  public static final class Lease<M extends AutoCloseable> implements AutoCloseable {
    private final Key key;
    private final M model;
    private boolean returned;

    private Lease(Key key, M model) {
      this.key = key;
      this.model = model;
    }

    public M model() {
      if (returned) {
        throw new IllegalStateException("lease of model " + key.sha256() + " was returned");
      }
      return model;
    }

    @Override
    public void close() {
      if (!returned) {
        returned = true;
        giveBack(key);
      }
    }
  }

  private ExecutorModels() {}

  /** Borrows the text model of {@code spec} on {@code session}'s device, loading it at most once. */
  public static Lease<io.genpipe.onnx.TextModel> borrow(TextModelSpec spec, SessionConf session,
      Path cacheRoot, long memoryBudgetBytes, LoadListener listener) {
    return borrow(spec.model(), session, cacheRoot, memoryBudgetBytes, listener,
        io.genpipe.onnx.TextModel::load);
  }

  /**
   * Borrows {@code model} on {@code session}'s device, materialising its files into
   * {@code cacheRoot} and loading it with {@code loader} at most once per JVM.
   */
  public static <M extends AutoCloseable> Lease<M> borrow(DistributedModel model,
      SessionConf session, Path cacheRoot, long memoryBudgetBytes, LoadListener listener,
      Loader<M> loader) {
    Key key = new Key(model.descriptor().sha256(), session);
    Lease<M> lease = tryBorrow(key);
    if (lease != null) {
      return lease;
    }
    synchronized (LOAD_LOCKS.computeIfAbsent(key, k -> new Object())) {
      lease = tryBorrow(key);
      if (lease != null) {
        return lease;
      }
      long t0 = System.nanoTime();
      var local = model.materialise(cacheRoot);
      long t1 = System.nanoTime();
      M loaded = loader.load(model.descriptor().modelId(), local.dir(), session);
      LOADS.incrementAndGet();
      listener.loaded(System.nanoTime() - t1, t1 - t0, local.bytesFetched());
      synchronized (LOADED) {
        Entry e = new Entry(loaded, model.descriptor().totalBytes());
        e.borrowers = 1;
        LOADED.put(key, e);
        budget = memoryBudgetBytes;
        evictOverBudget(memoryBudgetBytes);
      }
      return new Lease<>(key, loaded);
    }
  }

  @SuppressWarnings("unchecked")
  private static <M extends AutoCloseable> Lease<M> tryBorrow(Key key) {
    synchronized (LOADED) {
      Entry e = LOADED.get(key);
      if (e == null) {
        return null;
      }
      e.borrowers++;
      return new Lease<>(key, (M) e.model);
    }
  }

  private static void giveBack(Key key) {
    synchronized (LOADED) {
      Entry e = LOADED.get(key);
      if (e != null && --e.borrowers == 0) {
        evictOverBudget(budget);
      }
    }
  }

  /** Closes idle models, least recently used first, until the loaded size fits the budget. */
  private static void evictOverBudget(long budget) {
    long total = LOADED.values().stream().mapToLong(e -> e.bytes).sum();
    var it = LOADED.entrySet().iterator();
    while (total > budget && it.hasNext()) {
      Map.Entry<Key, Entry> next = it.next();
      if (next.getValue().borrowers == 0) {
        it.remove();
        total -= next.getValue().bytes;
        closeQuietly(next.getValue().model);
        EVICTIONS.incrementAndGet();
      }
    }
    if (total > budget) {
      LOG.warning("loaded models take " + total + " bytes, over the budget of " + budget
          + " bytes, because all of them are in use; raise model-memory-budget or run fewer "
          + "models per executor");
    }
  }

  /** Model loads done by this JVM so far. */
  public static long loads() {
    return LOADS.get();
  }

  public static long evictions() {
    return EVICTIONS.get();
  }

  /** Models loaded now. */
  public static int loadedCount() {
    synchronized (LOADED) {
      return LOADED.size();
    }
  }

  /** Closes and forgets every loaded model (JVM shutdown; tests). */
  public static void closeAll() {
    synchronized (LOADED) {
      LOADED.values().forEach(e -> closeQuietly(e.model));
      LOADED.clear();
    }
  }

  private static void closeQuietly(AutoCloseable model) {
    try {
      model.close();
    } catch (Exception e) {
      LOG.warning("closing a model failed: " + e);
    }
  }
}
