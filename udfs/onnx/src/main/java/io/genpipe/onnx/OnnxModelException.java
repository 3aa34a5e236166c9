package io.genpipe.onnx;

/**
 * A model cannot be used as exported: missing files, an unsupported layout, or a native ONNX
 * Runtime failure. Wrapped once here with the model and, for native failures, the input names.
 */
public class OnnxModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxModelException(String message) {
    super(message);
  }

  public OnnxModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
