package io.genpipe.testing.sd;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * The two exporter contracts of Stable Diffusion ONNX folders (CONTRACTS.md §3) the fixtures
 * cover. The variants also differ in hidden size, scheduler and pad token so that a runtime which
 * hard-codes any of them fails on one.
 */
public enum SdVariant {
  /**
   * diffusers' {@code convert_stable_diffusion_checkpoint_to_onnx.py}: {@code input_ids} int32
   * [batch, sequence]; UNet {@code timestep} int64 [batch]; symbolic dims {@code batch},
   * {@code sequence}, {@code channels}, {@code height}, {@code width}; an SD 1.5 PNDM scheduler
   * config; CLIP pad token {@code <|endoftext|>}; hidden 16.
   */
  DIFFUSERS_SCRIPT(DataType.INT32, DataType.INT64, 16, "OnnxStableDiffusionPipeline"),
  /**
   * Hugging Face Optimum ({@code optimum-cli export onnx}, 2024+): {@code input_ids} int64
   * [batch_size, sequence_length]; UNet {@code timestep} float32 0-d scalar; latent channels fixed
   * at 4; an SD 2.1 DDIM v-prediction scheduler config; CLIP pad token {@code !}; hidden 24.
   */
  OPTIMUM(DataType.INT64, DataType.FLOAT, 24, "ORTStableDiffusionPipeline");

  private final DataType idsType;
  private final DataType timestepType;
  private final int hidden;
  private final String pipelineClass;

  SdVariant(DataType idsType, DataType timestepType, int hidden, String pipelineClass) {
    this.idsType = idsType;
    this.timestepType = timestepType;
    this.hidden = hidden;
    this.pipelineClass = pipelineClass;
  }

  public DataType idsType() {
    return idsType;
  }

  public DataType timestepType() {
    return timestepType;
  }

  /** The text encoder's hidden size (768 in SD 1.x, 1024 in SD 2.x). */
  public int hidden() {
    return hidden;
  }

  /** The UNet's timestep is a 0-d scalar (else a [batch] vector). */
  public boolean scalarTimestep() {
    return this == OPTIMUM;
  }

  String pipelineClass() {
    return pipelineClass;
  }

  /** The symbolic batch dim name. */
  String batch() {
    return this == OPTIMUM ? "batch_size" : "batch";
  }

  String sequence() {
    return this == OPTIMUM ? "sequence_length" : "sequence";
  }

  /** The latent channel dim: symbolic in the diffusers script, fixed 4 in Optimum. */
  Object channels() {
    return this == OPTIMUM ? (Object) TinyStableDiffusion.LATENT_CHANNELS : "channels";
  }

  String latentHeight() {
    return this == OPTIMUM ? "latent_height" : "height";
  }

  String latentWidth() {
    return this == OPTIMUM ? "latent_width" : "width";
  }

  /** CLIP's pad token in this variant's tokenizer config. */
  String padToken() {
    return this == OPTIMUM ? "!" : "<|endoftext|>";
  }
}
