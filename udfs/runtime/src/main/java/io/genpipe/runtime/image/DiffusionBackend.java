package io.genpipe.runtime.image;

/**
 * The three networks of a latent-diffusion model, as an execution engine runs them. The
 * {@link DiffusionPipeline} owns everything else (tokenising, guidance, schedulers, noise, pixel
 * mapping), so a backend only moves tensors. Rows are independent: a row's outputs must not depend
 * on the other rows of the call.
 */
public interface DiffusionBackend {
  /** Channels of the UNet's latent input (4 for Stable Diffusion). */
  int latentChannels();

  /** The VAE's {@code scaling_factor}: latents are divided by it before decoding. */
  float vaeScalingFactor();

  /** Length of the UNet's {@code timestep_cond} input (LCM-distilled UNets), or 0 when absent. */
  int timestepCondDim();

  /** The text encoder's last hidden state per id row, flattened [seq × hidden]. */
  float[][] encodeText(int[][] ids);

  /** The UNet's output per sample row, flattened [channels × h × w]. */
  float[][] predictNoise(UnetBatch batch);

  /** The VAE decoder's output per latent row, flattened [3 × 8h × 8w], nominally in [-1, 1]. */
  float[][] decode(float[][] latents, int latentHeight, int latentWidth);

  /**
   * One UNet call.
   *
   * @param samples scaled model inputs, one row each, [channels × h × w]
   * @param textStates encoder hidden states, one row per sample row
   * @param timestepCond the guidance embedding per row, or null when the UNet has no such input
   */
  record UnetBatch(float[][] samples, int latentHeight, int latentWidth, double timestep,
      float[][] textStates, float[][] timestepCond) {}
}
