package io.genpipe.runtime.generate;

/** Why a row stopped generating. */
public enum FinishReason {
  /** The model emitted one of the eos ids. */
  EOS,
  /** The continuation reached one of the row's stop strings (cut before it). */
  STOP_STRING,
  /** {@code max_new_tokens} were generated. */
  MAX_NEW_TOKENS,
  /** The model's context length was reached first. */
  CONTEXT_FULL;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
