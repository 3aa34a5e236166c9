package io.genpipe.runtime.image;

/**
 * The guidance-scale embedding of LCM-distilled UNets that declare a {@code timestep_cond} input
 * (diffusers' {@code get_guidance_scale_embedding}): for {@code w = guidance_scale - 1}, scaled by
 * 1000, {@code [sin(w f_k), cos(w f_k)]} with {@code f_k = exp(-k ln(10000) / (d/2 - 1))}, zero
 * padded to an odd {@code dim}. Such models take guidance through this input, not through a
 * doubled batch.
 */
public final class GuidanceEmbedding {
  private GuidanceEmbedding() {}

  public static float[] of(double guidanceScale, int dim) {
    if (dim < 4) {
      throw new IllegalArgumentException("timestep_cond dim must be >= 4, got " + dim);
    }
    double w = (guidanceScale - 1) * 1000.0;
    int half = dim / 2;
    double rate = Math.log(10000.0) / (half - 1);
    float[] out = new float[dim];
    for (int k = 0; k < half; k++) {
      double arg = w * Math.exp(-k * rate);
      out[k] = (float) Math.sin(arg);
      out[half + k] = (float) Math.cos(arg);
    }
    return out;
  }
}
