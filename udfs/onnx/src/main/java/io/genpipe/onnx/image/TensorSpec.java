package io.genpipe.onnx.image;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.genpipe.onnx.OnnxModelException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A declared tensor input or output of a session: name, element type and shape (-1 for a
 * symbolic dim, empty for a 0-d scalar).
 */
record TensorSpec(String name, OnnxJavaType type, long[] shape) {

  /** The declared input {@code name}, or null when the model has none. */
  static TensorSpec input(OrtSession session, String name, Path file) {
    return find(inputs(session, file), name, file);
  }

  /** The declared output {@code name}, else the first output. */
  static TensorSpec outputOrFirst(OrtSession session, String name, Path file) {
    Map<String, NodeInfo> outputs;
    try {
      outputs = session.getOutputInfo();
    } catch (OrtException e) {
      throw new OnnxModelException("cannot read the outputs of " + file + ": " + e.getMessage(), e);
    }
    TensorSpec named = find(outputs, name, file);
    return named != null ? named : find(outputs, outputs.keySet().iterator().next(), file);
  }

  static Map<String, NodeInfo> inputs(OrtSession session, Path file) {
    try {
      return session.getInputInfo();
    } catch (OrtException e) {
      throw new OnnxModelException("cannot read the inputs of " + file + ": " + e.getMessage(), e);
    }
  }

  private static TensorSpec find(Map<String, NodeInfo> infos, String name, Path file) {
    NodeInfo node = infos.get(name);
    if (node == null) {
      return null;
    }
    if (!(node.getInfo() instanceof TensorInfo t)) {
      throw new OnnxModelException(file + ": " + name + " is not a tensor (" + node.getInfo() + ")");
    }
    return new TensorSpec(name, t.type, t.getShape());
  }

  /** The declared size of {@code axis}, or -1 when symbolic or absent. */
  long dim(int axis) {
    return axis < shape.length ? shape[axis] : -1;
  }

  boolean isFloatingPoint() {
    return type == OnnxJavaType.FLOAT || type == OnnxJavaType.FLOAT16;
  }

  /** Refuses element types the pipeline cannot feed, naming the model file and input. */
  TensorSpec requireFloat(Path file) {
    if (!isFloatingPoint()) {
      throw new OnnxModelException(file + ": " + name + " is declared " + type
          + "; genpipe feeds float32 or float16 here");
    }
    return this;
  }
}
