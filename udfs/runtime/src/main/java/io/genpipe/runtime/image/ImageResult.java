package io.genpipe.runtime.image;

/**
 * The outcome of one image row: an image or an error that names its cause.
 *
 * @param params the resolved parameters the image was made with (the scheduler actually used)
 * @param seed the base seed the row's generator was derived from
 * @param promptTokens the prompt's CLIP token count before truncation to the encoder's length
 * @param errorClass a short stable code ({@code invalid_params}, {@code generation_error}), or
 *     null on success
 */
public record ImageResult(
    String id,
    ImageParams params,
    long seed,
    RgbImage image,
    ImageTimings timings,
    int promptTokens,
    String errorClass,
    String errorMessage) {

  public static ImageResult ok(ImageRequest r, RgbImage image, ImageTimings timings, int promptTokens) {
    return new ImageResult(r.id(), r.params(), r.seed(), image, timings, promptTokens, null, null);
  }

  public static ImageResult error(ImageRequest r, String errorClass, String message) {
    return new ImageResult(r.id(), r.params(), r.seed(), null, ImageTimings.NONE, 0, errorClass,
        message);
  }

  public boolean isOk() {
    return errorClass == null;
  }
}
