package io.genpipe.testing;

/**
 * The shapes in which Hugging Face Optimum exports decoder-only LMs (CONTRACTS.md §1), one
 * fixture each. All variants compute the same function for the same seed.
 */
public enum DecoderVariant {
  /** {@code model.onnx} with {@code position_ids}; float32 past, presents and logits. */
  STANDARD,
  /**
   * {@code model.onnx} without a {@code position_ids} input: the graph derives positions as
   * {@code cumsum(attention_mask) - 1} itself, so it equals STANDARD fed that convention.
   */
  NO_POSITION_IDS,
  /**
   * {@code decoder_model_merged.onnx} with an extra {@code use_cache_branch} bool [1]: false
   * ignores the past inputs (first step, dummy past of length 1, mask of length seq); true uses
   * them. An ONNX {@code If} node picks the effective past.
   */
  MERGED_USE_CACHE_BRANCH,
  /** {@code model.onnx} with float16 past inputs, presents and logits (float32 math inside). */
  FLOAT16;

  /** The ONNX file name an Optimum export of this variant uses. */
  public String modelFileName() {
    return this == MERGED_USE_CACHE_BRANCH ? "decoder_model_merged.onnx" : "model.onnx";
  }

  public boolean hasPositionIds() {
    return this != NO_POSITION_IDS;
  }

  public boolean isMerged() {
    return this == MERGED_USE_CACHE_BRANCH;
  }

  public boolean isFloat16() {
    return this == FLOAT16;
  }
}
