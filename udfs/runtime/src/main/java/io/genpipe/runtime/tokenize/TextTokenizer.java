package io.genpipe.runtime.tokenize;

/** Text to token ids and back. Implementations are thread-safe. */
public interface TextTokenizer extends AutoCloseable {
  /** Ids of {@code text} with the model's special tokens (e.g. BOS) added; never truncated. */
  long[] encode(String text);

  /** Text of {@code ids}, special tokens skipped. */
  String decode(long[] ids);

  @Override
  void close();
}
