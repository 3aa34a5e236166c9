package io.genpipe.onnx;

import java.io.Serializable;

/**
 * Where a session runs: the CPU, or one CUDA device by id (the GPU address Spark assigned).
 *
 * @param cudaDevice the CUDA device id, or -1 for the CPU
 */
public record ExecutionDevice(int cudaDevice) implements Serializable {
  public static final ExecutionDevice CPU = new ExecutionDevice(-1);

  public ExecutionDevice {
    if (cudaDevice < -1) {
      throw new IllegalArgumentException("CUDA device id must be >= 0 (or -1 for CPU), got " + cudaDevice);
    }
  }

  public static ExecutionDevice cuda(int id) {
    return new ExecutionDevice(id);
  }

  public boolean isCuda() {
    return cudaDevice >= 0;
  }

  /** {@code cpu} or {@code cuda:N}, as recorded in the manifest. */
  public String wireName() {
    return isCuda() ? "cuda:" + cudaDevice : "cpu";
  }
}
