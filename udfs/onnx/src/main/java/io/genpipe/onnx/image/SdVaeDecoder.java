package io.genpipe.onnx.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.onnx.OnnxModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The VAE decoder: {@code latent_sample} [B, 4, h, w] → {@code sample} [B, 3, 8h, 8w]. Its
 * {@code scaling_factor} comes from {@code vae_decoder/config.json} (diffusers' AutoencoderKL
 * config), else Stable Diffusion 1.x/2.x's 0.18215.
 */
final class SdVaeDecoder {
  static final double DEFAULT_SCALING_FACTOR = 0.18215;

  private final SdSession part;
  private final TensorSpec latent;
  private final TensorSpec out;
  private final float scalingFactor;

  SdVaeDecoder(SdSession part, Path dir) {
    this.part = part;
    OrtSession s = part.session();
    TensorSpec named = TensorSpec.input(s, "latent_sample", part.file);
    if (named == null) {
      throw new OnnxModelException("model " + part.modelId + ": " + part.file + " has no input "
          + "latent_sample; expected a diffusers/Optimum VAE decoder export");
    }
    this.latent = named.requireFloat(part.file);
    this.out = TensorSpec.outputOrFirst(s, "sample", part.file);
    this.scalingFactor = (float) scalingFactor(dir.resolve("vae_decoder"));
  }

  static double scalingFactor(Path vaeDir) {
    Path file = vaeDir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return DEFAULT_SCALING_FACTOR;
    }
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(file.toFile()).get("scaling_factor");
    } catch (IOException e) {
      throw new OnnxModelException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    if (n == null || n.isNull()) {
      return DEFAULT_SCALING_FACTOR;
    }
    if (!n.isNumber() || n.doubleValue() <= 0) {
      throw new OnnxModelException(file + ": scaling_factor must be a positive number, got " + n);
    }
    return n.doubleValue();
  }

  float scalingFactor() {
    return scalingFactor;
  }

  float[][] decode(float[][] latents, int h, int w) {
    int rows = latents.length;
    long channels = latents[0].length / ((long) h * w);
    try (OnnxTensor in = FloatTensors.stack(latents, new long[] {rows, channels, h, w}, latent.type());
        OrtSession.Result result = part.run(Map.of(latent.name(), in))) {
      OnnxTensor image = (OnnxTensor) result.get(out.name()).orElseThrow();
      long[] shape = image.getInfo().getShape();
      if (shape.length != 4 || shape[1] != 3 || shape[2] != 8L * h || shape[3] != 8L * w) {
        throw new OnnxModelException("model " + part.modelId + ": VAE decoder returned shape "
            + Arrays.toString(shape) + " for latents " + h + "x" + w + "; expected [" + rows
            + ", 3, " + 8 * h + ", " + 8 * w + "]");
      }
      return FloatTensors.rows(image, rows, "vae_decoder output " + out.name());
    } catch (OrtException e) {
      throw new OnnxModelException("model " + part.modelId + ": cannot build latent_sample: "
          + e.getMessage(), e);
    }
  }
}
