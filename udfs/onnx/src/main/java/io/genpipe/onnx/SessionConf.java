package io.genpipe.onnx;

import java.io.Serializable;

/**
 * How sessions are opened.
 *
 * @param intraOpThreads ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime decide
 * @param allowCudaFallback when the CUDA provider cannot load, run on the CPU (logged once)
 *     instead of failing
 */
public record SessionConf(ExecutionDevice device, int intraOpThreads, boolean allowCudaFallback)
    implements Serializable {
  public static final SessionConf CPU_DEFAULT = new SessionConf(ExecutionDevice.CPU, 0, true);

  public SessionConf {
    if (device == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
  }
}
