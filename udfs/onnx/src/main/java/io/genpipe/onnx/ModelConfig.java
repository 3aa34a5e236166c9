package io.genpipe.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** The few facts genpipe reads from a model folder's {@code config.json} (absent: none). */
public final class ModelConfig {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode root;

  private ModelConfig(JsonNode root) {
    this.root = root;
  }

  public static ModelConfig read(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return new ModelConfig(JSON.createObjectNode());
    }
    try {
      return new ModelConfig(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new OnnxModelException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first of {@code keys} that holds a positive integer. */
  public OptionalInt firstInt(String... keys) {
    for (String key : keys) {
      JsonNode n = root.get(key);
      if (n != null && n.canConvertToInt() && n.isIntegralNumber() && n.intValue() > 0) {
        return OptionalInt.of(n.intValue());
      }
    }
    return OptionalInt.empty();
  }

  /** Positions a decoder can attend to, from the usual config names. */
  public OptionalInt contextLength() {
    return firstInt("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length",
        "n_ctx");
  }

  public OptionalInt kvHeads() {
    return firstInt("num_key_value_heads", "num_attention_heads", "n_head");
  }

  public OptionalInt headDim() {
    OptionalInt explicit = firstInt("head_dim");
    if (explicit.isPresent()) {
      return explicit;
    }
    OptionalInt hidden = firstInt("hidden_size", "n_embd");
    OptionalInt heads = firstInt("num_attention_heads", "n_head");
    return hidden.isPresent() && heads.isPresent()
        ? OptionalInt.of(hidden.getAsInt() / heads.getAsInt()) : OptionalInt.empty();
  }

  public OptionalInt vocabSize() {
    return firstInt("vocab_size");
  }
}
