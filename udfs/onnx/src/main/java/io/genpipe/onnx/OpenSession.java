package io.genpipe.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * An ONNX Runtime session with the options it was created with (they must outlive it) and the
 * device it really runs on. Closing closes both.
 */
public final class OpenSession implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OpenSession.class.getName());
  private static final AtomicBoolean CPU_FALLBACK_LOGGED = new AtomicBoolean();

  private final OrtSession session;
  private final OrtSession.SessionOptions options;
  private final ExecutionDevice device;

  private OpenSession(OrtSession session, OrtSession.SessionOptions options, ExecutionDevice device) {
    this.session = session;
    this.options = options;
    this.device = device;
  }

  /** Opens {@code file} by path (so ONNX external data next to it is found). */
  public static OpenSession open(Path file, SessionConf conf) {
    OrtEnvironment env = OrtRuntime.env();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (conf.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(conf.intraOpThreads());
      }
      ExecutionDevice device = addProvider(options, conf);
      return new OpenSession(env.createSession(file.toString(), options), options, device);
    } catch (OrtException e) {
      options.close();
      throw new OnnxModelException("ONNX Runtime cannot load " + file + " (" + e.getCode() + "): "
          + e.getMessage(), e);
    }
  }

  private static ExecutionDevice addProvider(OrtSession.SessionOptions options, SessionConf conf)
      throws OrtException {
    if (!conf.device().isCuda()) {
      return ExecutionDevice.CPU;
    }
    try {
      options.addCUDA(conf.device().cudaDevice());
      return conf.device();
    } catch (OrtException | UnsatisfiedLinkError e) {
      if (!conf.allowCudaFallback()) {
        throw new OnnxModelException("CUDA execution provider for " + conf.device().wireName()
            + " is not available (" + e.getMessage() + "); build with -Pgpu (onnxruntime_gpu) and "
            + "check CUDA/cuDNN, or allow CPU fallback", e);
      }
      if (CPU_FALLBACK_LOGGED.compareAndSet(false, true)) {
        LOG.warning("CUDA execution provider unavailable for " + conf.device().wireName() + " ("
            + e.getMessage() + "); this executor runs ONNX models on the CPU");
      }
      return ExecutionDevice.CPU;
    }
  }

  public OrtSession session() {
    return session;
  }

  public ExecutionDevice device() {
    return device;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new OnnxModelException("closing session failed: " + e.getMessage(), e);
    } finally {
      options.close();
    }
  }
}
