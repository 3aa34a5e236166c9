package io.genpipe.runtime.image;

/** Turns a prompt into the fixed-length id row a text encoder takes. */
public interface PromptTokenizer extends AutoCloseable {
  TokenizedPrompt encode(String prompt);

  /** The fixed row length (77 for CLIP). */
  int length();

  @Override
  default void close() {}
}
