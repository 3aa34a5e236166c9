package io.genpipe.onnx.image;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.genpipe.onnx.ModelConfig;
import io.genpipe.onnx.OnnxModelException;
import io.genpipe.runtime.image.DiffusionBackend.UnetBatch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The UNet: {@code sample} [B, 4, h, w], {@code timestep} as declared (int64 [B] in older exports,
 * float [B] in later diffusers ones, a float 0-d scalar from Optimum), {@code encoder_hidden_states}
 * [B, 77, hidden], and {@code timestep_cond} [B, d] when the model is LCM-distilled →
 * {@code out_sample}. SDXL's extra inputs are refused by name.
 */
final class SdUnet {
  private static final Set<String> KNOWN = Set.of("sample", "timestep", "encoder_hidden_states",
      "timestep_cond");

  private final SdSession part;
  private final TensorSpec sample;
  private final TensorSpec timestep;
  private final TensorSpec states;
  private final TensorSpec cond;
  private final int condDim;
  private final TensorSpec out;

  SdUnet(SdSession part, Path dir) {
    this.part = part;
    OrtSession s = part.session();
    refuseUnknownInputs(TensorSpec.inputs(s, part.file));
    this.sample = required(s, "sample").requireFloat(part.file);
    this.timestep = required(s, "timestep");
    this.states = required(s, "encoder_hidden_states").requireFloat(part.file);
    this.cond = TensorSpec.input(s, "timestep_cond", part.file);
    this.condDim = cond == null ? 0 : condDim(cond, dir);
    this.out = TensorSpec.outputOrFirst(s, "out_sample", part.file);
    if (timestep.shape().length > 1) {
      throw new OnnxModelException("model " + part.modelId + ": " + part.file + " declares timestep "
          + "with rank " + timestep.shape().length + "; expected a 0-d scalar or [batch]");
    }
  }

  private void refuseUnknownInputs(Map<String, NodeInfo> inputs) {
    for (String name : inputs.keySet()) {
      if (name.equals("text_embeds") || name.equals("time_ids")) {
        throw new OnnxModelException("model " + part.modelId + ": " + part.file + " is an SDXL UNet "
            + "(input " + name + "); genpipe runs SD 1.x/2.x, SD-Turbo and LCM UNets");
      }
      if (!KNOWN.contains(name)) {
        throw new OnnxModelException("model " + part.modelId + ": " + part.file + " has input " + name
            + ", which genpipe does not feed; expected " + KNOWN);
      }
    }
  }

  private TensorSpec required(OrtSession s, String name) {
    TensorSpec spec = TensorSpec.input(s, name, part.file);
    if (spec == null) {
      throw new OnnxModelException("model " + part.modelId + ": " + part.file + " has no input " + name
          + "; expected a diffusers/Optimum UNet with inputs sample, timestep, encoder_hidden_states");
    }
    return spec;
  }

  private int condDim(TensorSpec spec, Path dir) {
    long declared = spec.dim(1);
    if (declared > 0) {
      return (int) declared;
    }
    return ModelConfig.read(dir.resolve("unet")).firstInt("time_cond_proj_dim").orElseThrow(() ->
        new OnnxModelException("model " + part.modelId + ": timestep_cond has no fixed size and "
            + "unet/config.json has no time_cond_proj_dim"));
  }

  /** Latent channels (declared, else Stable Diffusion's 4). */
  int channels() {
    return sample.dim(1) > 0 ? (int) sample.dim(1) : 4;
  }

  long hiddenSize() {
    return states.dim(2);
  }

  int timestepCondDim() {
    return condDim;
  }

  /** The fixed latent size × 8 when the export declares one (square only), else -1. */
  int nativeSize() {
    long h = sample.dim(2);
    return h > 0 && h == sample.dim(3) ? (int) h * 8 : -1;
  }

  /** Runs one batch; {@code sequence} is the text encoder's token length (77 for CLIP). */
  float[][] predict(UnetBatch b, int sequence) {
    int rows = b.samples().length;
    long hidden = b.textStates()[0].length / sequence;
    Map<String, OnnxTensor> in = new LinkedHashMap<>();
    try {
      in.put("sample", FloatTensors.stack(b.samples(),
          new long[] {rows, channels(), b.latentHeight(), b.latentWidth()}, sample.type()));
      in.put("timestep", FloatTensors.timestep(b.timestep(), rows, timestep));
      in.put("encoder_hidden_states", FloatTensors.stack(b.textStates(),
          new long[] {rows, sequence, hidden}, states.type()));
      if (cond != null) {
        in.put("timestep_cond", FloatTensors.stack(b.timestepCond(), new long[] {rows, condDim},
            cond.type()));
      }
      try (OrtSession.Result result = part.run(in)) {
        return FloatTensors.rows(result.get(out.name()).orElseThrow(), rows, "unet output " + out.name());
      }
    } catch (OrtException e) {
      throw new OnnxModelException("model " + part.modelId + ": cannot build UNet inputs: "
          + e.getMessage(), e);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }
}
