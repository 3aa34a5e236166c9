package io.genpipe.runtime.generate;

/**
 * The key/value cache of one batch. Not thread-safe; owned by one generation loop and closed by it.
 */
public interface DecoderState extends AutoCloseable {
  /**
   * Runs one forward step.
   *
   * @param tokens new token ids per row: the left-padded prompts on the first step, then one token
   *     per row
   * @param attentionMask per row, 1 for every real position seen so far (past and new), 0 on pads;
   *     its width is the cache length plus {@code tokens[0].length}
   * @return next-token logits at the last position of each row, [rows][vocab]
   */
  float[][] step(long[][] tokens, long[][] attentionMask);

  /** Drops every row not listed (finished rows), keeping the listed ones in the given order. */
  void retain(int[] rows);

  @Override
  void close();
}
