package io.genpipe.runtime.image;

import io.genpipe.runtime.generate.InvalidParamsException;

/**
 * Resolved image-generation parameters of one row, with diffusers' names and semantics. Ranges
 * are checked here, so a constructed instance is always usable; each message names the parameter.
 *
 * @param negativePrompt the unconditional prompt of classifier-free guidance ("" for none)
 * @param guidanceScale at most 1 turns classifier-free guidance off (one UNet pass per step)
 * @param scheduler the sampler; the model's default is resolved before construction
 * @param latents path of the initial latents (raw little-endian float32 or .npy, shape
 *     [4, height/8, width/8], unit variance: they are multiplied by the scheduler's initial sigma),
 *     or null to draw them from the row's seed. They fix the initial noise only: with the
 *     stochastic schedulers ({@code euler_a}, {@code lcm}) the noise each step adds still comes
 *     from the row's seed, as in diffusers (whose generator is then used only by the steps); with
 *     {@code euler} and {@code ddim} the image no longer depends on the seed
 */
public record ImageParams(
    String negativePrompt,
    int width,
    int height,
    int numInferenceSteps,
    float guidanceScale,
    SchedulerName scheduler,
    String latents) {

  public static final int MIN_SIZE = 64;
  public static final int MAX_SIZE = 2048;
  /** The VAE's downsampling factor: sizes must be multiples of it. */
  public static final int SIZE_MULTIPLE = 8;

  public ImageParams {
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
    checkSize("width", width);
    checkSize("height", height);
    check(numInferenceSteps >= 1 && numInferenceSteps <= Schedulers.MAX_STEPS,
        "num_inference_steps must be in [1, " + Schedulers.MAX_STEPS + "], got " + numInferenceSteps);
    check(Float.isFinite(guidanceScale) && guidanceScale >= 0f,
        "guidance_scale must be a finite number >= 0, got " + guidanceScale);
    check(scheduler != null, "scheduler must be one of " + SchedulerName.accepted());
    check(latents == null || !latents.isBlank(), "latents must be a file path, got a blank string");
  }

  private static void checkSize(String name, int value) {
    check(value >= MIN_SIZE && value <= MAX_SIZE && value % SIZE_MULTIPLE == 0,
        name + " must be a multiple of " + SIZE_MULTIPLE + " in [" + MIN_SIZE + ", " + MAX_SIZE
            + "], got " + value);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new InvalidParamsException(message);
    }
  }

  /** Classifier-free guidance is on: the UNet runs on an unconditional and a conditional half. */
  public boolean guided() {
    return guidanceScale > 1f;
  }

  public int latentHeight() {
    return height / SIZE_MULTIPLE;
  }

  public int latentWidth() {
    return width / SIZE_MULTIPLE;
  }
}
