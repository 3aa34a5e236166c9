package io.genpipe.testing;

/**
 * Sizes of a tiny Llama-style decoder. Grouped-query attention: {@code heads} query heads share
 * {@code kvHeads} key/value heads, so the cache layout [batch, kvHeads, past, headDim] differs
 * from the query layout, as in real Llama/Mistral exports.
 */
public record DecoderSpec(
    int hidden, int layers, int heads, int kvHeads, int headDim, int vocab, int maxPositions) {

  public DecoderSpec {
    if (hidden < 1 || layers < 1 || kvHeads < 1 || headDim < 1 || vocab < 1 || maxPositions < 1) {
      throw new IllegalArgumentException("sizes must be positive: " + describe(hidden, layers, heads,
          kvHeads, headDim, vocab, maxPositions));
    }
    if (heads < kvHeads || heads % kvHeads != 0) {
      throw new IllegalArgumentException("heads " + heads + " must be a multiple of kvHeads " + kvHeads);
    }
  }

  /** Query heads per key/value head. */
  public int groups() {
    return heads / kvHeads;
  }

  public int queryDim() {
    return heads * headDim;
  }

  public int kvDim() {
    return kvHeads * headDim;
  }

  private static String describe(int... sizes) {
    return java.util.Arrays.toString(sizes);
  }
}
