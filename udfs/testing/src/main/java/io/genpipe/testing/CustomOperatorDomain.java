package io.genpipe.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a generated ONNX model import an extra operator domain (as an export needing a custom-op
 * library, e.g. onnxruntime-extensions' {@code ai.onnx.contrib}, does), to test that such models
 * are refused.
 */
public final class CustomOperatorDomain {
  private CustomOperatorDomain() {}

  /** Adds {@code domain} (version 1) to the model file's opset imports, in place; returns the file. */
  public static Path add(Path onnxFile, String domain) {
    try {
      ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnxFile)).toBuilder()
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(1)).build();
      Files.write(onnxFile, model.toByteArray());
      return onnxFile;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + onnxFile, e);
    }
  }
}
