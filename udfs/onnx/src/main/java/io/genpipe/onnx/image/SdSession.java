package io.genpipe.onnx.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.OnnxModelException;
import io.genpipe.onnx.OpenSession;
import io.genpipe.onnx.SessionConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One part of a Stable Diffusion folder ({@code <part>/model.onnx}) with its open session. */
final class SdSession implements AutoCloseable {
  final String modelId;
  final String part;
  final Path file;
  private final OpenSession session;

  private SdSession(String modelId, String part, Path file, OpenSession session) {
    this.modelId = modelId;
    this.part = part;
    this.file = file;
    this.session = session;
  }

  /** Opens {@code dir/part/model.onnx}; a missing file is named with the export that writes it. */
  static SdSession open(String modelId, Path dir, String part, SessionConf conf) {
    Path file = dir.resolve(part).resolve("model.onnx");
    if (!Files.isRegularFile(file)) {
      throw new OnnxModelException("model " + modelId + ": missing " + file + "; a Stable Diffusion "
          + "ONNX export (diffusers' convert_stable_diffusion_checkpoint_to_onnx.py or optimum-cli "
          + "export onnx) writes text_encoder/, unet/ and vae_decoder/model.onnx");
    }
    return new SdSession(modelId, part, file, OpenSession.open(file, conf));
  }

  OrtSession session() {
    return session.session();
  }

  ExecutionDevice device() {
    return session.device();
  }

  /** Runs the session; a native failure is wrapped once, with the model, part and input names. */
  OrtSession.Result run(Map<String, OnnxTensor> inputs) {
    try {
      return session.session().run(inputs);
    } catch (OrtException e) {
      throw new OnnxModelException("model " + modelId + ": " + part + " failed (" + e.getCode()
          + ") on inputs " + inputs.keySet() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
