package io.genpipe.onnx.image;

import io.genpipe.onnx.OnnxModelException;
import io.genpipe.runtime.image.DiffusionBackend;

/** The three ONNX sessions of a Stable Diffusion folder behind the runtime's backend seam. */
final class OnnxDiffusionBackend implements DiffusionBackend {
  private final SdTextEncoder textEncoder;
  private final SdUnet unet;
  private final SdVaeDecoder vae;
  private final int sequence;

  OnnxDiffusionBackend(String modelId, SdTextEncoder textEncoder, SdUnet unet, SdVaeDecoder vae,
      int sequence) {
    long textHidden = textEncoder.hiddenSize();
    long unetHidden = unet.hiddenSize();
    if (textHidden > 0 && unetHidden > 0 && textHidden != unetHidden) {
      throw new OnnxModelException("model " + modelId + ": text_encoder last_hidden_state has hidden "
          + "size " + textHidden + " but unet encoder_hidden_states expects " + unetHidden
          + "; the parts come from different models");
    }
    long declaredLength = textEncoder.sequenceLength();
    if (declaredLength > 0 && declaredLength != sequence) {
      throw new OnnxModelException("model " + modelId + ": text_encoder input_ids is fixed at length "
          + declaredLength + " but the tokenizer pads to " + sequence
          + "; fix tokenizer/tokenizer_config.json model_max_length");
    }
    this.textEncoder = textEncoder;
    this.unet = unet;
    this.vae = vae;
    this.sequence = sequence;
  }

  /** The text encoder's hidden size as declared by either part, or -1. */
  long hiddenSize() {
    return unet.hiddenSize() > 0 ? unet.hiddenSize() : textEncoder.hiddenSize();
  }

  int nativeSize() {
    return unet.nativeSize();
  }

  @Override
  public int latentChannels() {
    return unet.channels();
  }

  @Override
  public float vaeScalingFactor() {
    return vae.scalingFactor();
  }

  @Override
  public int timestepCondDim() {
    return unet.timestepCondDim();
  }

  @Override
  public float[][] encodeText(int[][] ids) {
    return textEncoder.encode(ids);
  }

  @Override
  public float[][] predictNoise(UnetBatch batch) {
    return unet.predict(batch, sequence);
  }

  @Override
  public float[][] decode(float[][] latents, int latentHeight, int latentWidth) {
    return vae.decode(latents, latentHeight, latentWidth);
  }
}
