package io.genpipe.runtime.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (+ {@code tokenizer_config.json} when present) through
 * DJL's binding of the Rust tokenizers library. Never truncates: a prompt longer than the model's
 * context is the caller's row error, not silently shortened input.
 */
public final class HfTokenizer implements TextTokenizer {
  private final HuggingFaceTokenizer tokenizer;
  private volatile boolean closed;

  private HfTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads {@code dir/tokenizer.json}; fails naming the folder when it is absent. */
  public static HfTokenizer load(Path dir) {
    Path json = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new IllegalArgumentException("model folder " + dir + " has no tokenizer.json; export the "
          + "model with its tokenizer (Optimum writes tokenizer.json next to model.onnx)");
    }
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    try {
      return new HfTokenizer(HuggingFaceTokenizer.newInstance(dir, Map.of(
          "addSpecialTokens", "true",
          "truncation", "false",
          "padding", "false",
          "maxLength", String.valueOf(Integer.MAX_VALUE / 2))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + json + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long[] encode(String text) {
    checkOpen();
    return tokenizer.encode(text).getIds();
  }

  @Override
  public String decode(long[] ids) {
    checkOpen();
    return tokenizer.decode(ids, true);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("tokenizer is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    tokenizer.close();
  }
}
