package io.genpipe.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The declared inputs and outputs of an ONNX file, as ONNX Runtime reads them. */
public record OnnxSignature(List<Port> inputs, List<Port> outputs) {

  /** One input or output: name, element type, and shape with symbolic names where declared. */
  public record Port(String name, String type, List<String> shape) {
    @Override
    public String toString() {
      return name + " " + type + " " + shape;
    }
  }

  public static OnnxSignature read(Path onnxFile) {
    try (OpenSession s = OpenSession.open(onnxFile, SessionConf.CPU_DEFAULT)) {
      return new OnnxSignature(ports(s.session().getInputInfo()), ports(s.session().getOutputInfo()));
    } catch (OrtException e) {
      throw new OnnxModelException("cannot read the signature of " + onnxFile + ": " + e.getMessage(), e);
    }
  }

  private static List<Port> ports(Map<String, NodeInfo> infos) {
    List<Port> out = new ArrayList<>();
    infos.forEach((name, info) -> {
      if (info.getInfo() instanceof TensorInfo t) {
        List<String> dims = new ArrayList<>();
        String[] names = t.getDimensionNames();
        long[] shape = t.getShape();
        for (int i = 0; i < shape.length; i++) {
          dims.add(shape[i] >= 0 ? Long.toString(shape[i])
              : (names != null && i < names.length && !names[i].isEmpty() ? names[i] : "?"));
        }
        out.add(new Port(name, t.type.name().toLowerCase(java.util.Locale.ROOT), dims));
      } else {
        out.add(new Port(name, info.getInfo().toString(), List.of()));
      }
    });
    return out;
  }
}
