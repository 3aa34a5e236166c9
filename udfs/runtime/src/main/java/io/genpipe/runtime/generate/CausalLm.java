package io.genpipe.runtime.generate;

/**
 * A decoder-only language model with a key/value cache, as the generation loop sees it. The ONNX
 * layer implements it for every supported exporter layout; tests may implement it in plain Java.
 * Implementations are thread-safe: each batch gets its own {@link DecoderState}.
 */
public interface CausalLm {
  /** Opens the cache of a new batch. */
  DecoderState start(int batchSize);

  int vocabSize();

  /** Most positions (prompt plus generated tokens) a row may use. */
  int contextLength();

  /** Token id fed at left-padding positions (masked out, so any valid id works). */
  long padTokenId();
}
