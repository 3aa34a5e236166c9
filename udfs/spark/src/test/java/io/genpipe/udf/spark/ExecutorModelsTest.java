package io.genpipe.udf.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genpipe.model.ChunkPlan;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelResolver;
import io.genpipe.model.spark.Distribution;
import io.genpipe.model.spark.DistributedModel;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor model cache on real tiny ONNX models (local-path distribution, no Spark). */
class ExecutorModelsTest {
  private static final SessionConf CPU = new SessionConf(io.genpipe.onnx.ExecutionDevice.CPU, 1, true);

  @TempDir static Path tmp;
  private static DistributedModel modelA;
  private static DistributedModel modelB;
  private static long oneModel;

  @BeforeAll
  static void writeModels() {
    modelA = localModel(TinyDecoderModels.write(tmp.resolve("a"), DecoderVariant.STANDARD, 12L));
    modelB = localModel(TinyDecoderModels.write(tmp.resolve("b"), DecoderVariant.STANDARD, 13L));
    oneModel = Math.max(modelA.descriptor().totalBytes(), modelB.descriptor().totalBytes());
  }

  private static DistributedModel localModel(Path dir) {
    ModelDescriptor d = ModelResolver.resolve(dir);
    return new DistributedModel(d, Distribution.LOCAL_PATH, dir.toString(),
        new ChunkPlan(d.files(), 1 << 20), List.of());
  }

  @BeforeEach
  @AfterEach
  void empty() {
    ExecutorModels.closeAll();
  }

  private static ExecutorModels.Lease<TextModel> borrow(DistributedModel m, long budget) {
    return ExecutorModels.borrow(m, CPU, tmp.resolve("cache"), budget,
        ExecutorModels.LoadListener.NONE, TextModel::load);
  }

  /** A closed TextModel refuses its tokenizer: the native resources were released. */
  private static void assertClosed(TextModel m) {
    assertThrows(IllegalStateException.class, () -> m.tokenizer().encode("once"));
  }

  private static void assertOpen(TextModel m) {
    assertEquals(true, m.tokenizer().encode("once").length > 0);
  }

  @Test
  void concurrentBorrowersOfOneModelShareOneLoad() throws Exception {
    int threads = 8;
    long loadsBefore = ExecutorModels.loads();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ExecutorModels.Lease<TextModel>>> leases = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        leases.add(pool.submit(() -> {
          start.await();
          return borrow(modelA, Long.MAX_VALUE);
        }));
      }
      start.countDown();
      TextModel first = leases.get(0).get().model();
      for (Future<ExecutorModels.Lease<TextModel>> f : leases) {
        assertSame(first, f.get().model());
        f.get().close();
      }
      assertEquals(1, ExecutorModels.loads() - loadsBefore);
      assertEquals(1, ExecutorModels.loadedCount());
      assertOpen(first);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leastRecentlyUsedIdleModelIsEvictedAndClosedOverBudget() {
    TextModel a;
    try (var lease = borrow(modelA, oneModel)) {
      a = lease.model();
    }
    long evictionsBefore = ExecutorModels.evictions();
    try (var lease = borrow(modelB, oneModel)) {
      assertOpen(lease.model());
      assertClosed(a);
      assertEquals(1, ExecutorModels.evictions() - evictionsBefore);
      assertEquals(1, ExecutorModels.loadedCount());
    }
    try (var again = borrow(modelA, oneModel)) {
      assertNotSame(a, again.model());
      assertOpen(again.model());
    }
  }

  @Test
  void modelInUseIsNotEvictedButIsOnceHandedBack() {
    var leaseA = borrow(modelA, oneModel);
    var leaseB = borrow(modelB, oneModel);
    assertOpen(leaseA.model());
    assertOpen(leaseB.model());
    assertEquals(2, ExecutorModels.loadedCount());
    TextModel a = leaseA.model();
    leaseA.close();
    assertClosed(a);
    assertEquals(1, ExecutorModels.loadedCount());
    assertOpen(leaseB.model());
    leaseB.close();
    assertEquals(1, ExecutorModels.loadedCount());
  }
}
