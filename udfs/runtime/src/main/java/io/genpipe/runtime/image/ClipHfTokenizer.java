package io.genpipe.runtime.image;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CLIP's tokenizer from a {@code tokenizer.json} folder through DJL's binding of the Rust
 * tokenizers library. The tokenizer's own post-processor adds bos/eos; truncation to the fixed
 * length (keeping eos last) and padding follow {@link ClipSpecialTokens}, identically to
 * {@link ClipBpeTokenizer}.
 */
public final class ClipHfTokenizer implements PromptTokenizer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HuggingFaceTokenizer tokenizer;
  private final ClipSpecialTokens special;
  private volatile boolean closed;

  private ClipHfTokenizer(HuggingFaceTokenizer tokenizer, ClipSpecialTokens special) {
    this.tokenizer = tokenizer;
    this.special = special;
  }

  public static ClipHfTokenizer load(Path dir) {
    ClipSpecialTokens special = ClipSpecialTokens.read(dir, vocab(dir.resolve("tokenizer.json")));
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    try {
      return new ClipHfTokenizer(HuggingFaceTokenizer.newInstance(dir, Map.of(
          "addSpecialTokens", "false", "truncation", "false", "padding", "false",
          "maxLength", String.valueOf(Integer.MAX_VALUE / 2))), special);
    } catch (IOException e) {
      throw new ModelConfigException("cannot load tokenizer " + dir.resolve("tokenizer.json") + ": "
          + e.getMessage(), e);
    }
  }

  /** The model vocabulary plus added tokens of a {@code tokenizer.json}. */
  private static Map<String, Integer> vocab(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      Map<String, Integer> vocab = new HashMap<>();
      root.path("model").path("vocab").fields()
          .forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
      root.path("added_tokens")
          .forEach(t -> vocab.put(t.path("content").asText(), t.path("id").asInt()));
      return vocab;
    } catch (IOException e) {
      throw new ModelConfigException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public TokenizedPrompt encode(String prompt) {
    if (closed) {
      throw new IllegalStateException("tokenizer is closed");
    }
    long[] ids = tokenizer.encode(prompt, false, false).getIds();
    int[] tokens = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      tokens[i] = Math.toIntExact(ids[i]);
    }
    return special.frame(tokens);
  }

  @Override
  public int length() {
    return special.maxLength();
  }

  @Override
  public void close() {
    closed = true;
    tokenizer.close();
  }
}
