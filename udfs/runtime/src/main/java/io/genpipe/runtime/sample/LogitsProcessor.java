package io.genpipe.runtime.sample;

/**
 * One step of the Hugging Face logits-processing chain: rewrites the scores of the next token in
 * place. Implementations are stateless and thread-safe; per-row state comes in {@code history}.
 */
@FunctionalInterface
public interface LogitsProcessor {
  /**
   * @param logits next-token scores, modified in place
   * @param history every token id of the row so far (prompt and generated)
   * @param historyLength number of valid entries in {@code history}
   */
  void process(float[] logits, long[] history, int historyLength);
}
