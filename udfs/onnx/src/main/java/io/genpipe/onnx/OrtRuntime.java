package io.genpipe.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM's one ONNX Runtime environment. Its first creation loads the native library, whose
 * initialisation needs more stack than a default 1 MB Java thread has (seen here as a SIGSEGV with
 * no hs_err file when the first call came from the main thread of a JVM with a long classpath), so
 * it runs on a dedicated thread with a large stack, whatever thread asks first.
 */
public final class OrtRuntime {
  private static final long INIT_STACK_BYTES = 64L << 20;
  private static volatile OrtEnvironment env;

  private OrtRuntime() {}

  public static OrtEnvironment env() {
    OrtEnvironment e = env;
    if (e == null) {
      synchronized (OrtRuntime.class) {
        if (env == null) {
          env = initOnLargeStack();
        }
        e = env;
      }
    }
    return e;
  }

  private static OrtEnvironment initOnLargeStack() {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(OrtEnvironment.getEnvironment());
      } catch (Throwable failure) {
        result.set(failure);
      }
    }, "genpipe-ort-init", INIT_STACK_BYTES);
    t.start();
    try {
      t.join();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading ONNX Runtime", ie);
    }
    if (result.get() instanceof Throwable failure) {
      throw new OnnxModelException("ONNX Runtime native library failed to load: " + failure, failure);
    }
    return (OrtEnvironment) result.get();
  }

  /** The ONNX Runtime version of this JVM, for provenance. */
  public static String version() {
    return env().getVersion();
  }
}
