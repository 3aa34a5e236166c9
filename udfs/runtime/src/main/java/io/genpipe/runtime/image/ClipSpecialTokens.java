package io.genpipe.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * CLIP's special tokens as the tokenizer folder states them ({@code tokenizer_config.json}, then
 * {@code special_tokens_map.json}; values are strings or {@code {"content": ...}} objects), with
 * CLIP's defaults {@code <|startoftext|>} / {@code <|endoftext|>}, resolved to ids in the
 * vocabulary.
 *
 * <p>Padding follows Hugging Face's {@code CLIPTokenizer}: the {@code pad_token} when the folder
 * declares one, else the eos token. Stable Diffusion 1.x ships OpenAI CLIP's tokenizer with
 * {@code pad_token = "<|endoftext|>"} (id 49407); Stable Diffusion 2.x ships OpenCLIP's with
 * {@code pad_token = "!"} (id 0). Either way the text encoder's pooled output sits on the first
 * eos, and the hidden states diffusers feeds the UNet include the padded positions, so the pad id
 * changes the conditioning and must follow the model.
 */
record ClipSpecialTokens(int bos, int eos, int pad, int unk, int maxLength) {
  static final String BOS = "<|startoftext|>";
  static final String EOS = "<|endoftext|>";
  static final int DEFAULT_LENGTH = 77;
  private static final ObjectMapper JSON = new ObjectMapper();

  static ClipSpecialTokens read(Path dir, Map<String, Integer> vocab) {
    JsonNode config = readJson(dir.resolve("tokenizer_config.json"));
    JsonNode map = readJson(dir.resolve("special_tokens_map.json"));
    String bos = token(config, map, "bos_token", BOS);
    String eos = token(config, map, "eos_token", EOS);
    String pad = token(config, map, "pad_token", eos);
    String unk = token(config, map, "unk_token", EOS);
    int length = config.path("model_max_length").asInt(DEFAULT_LENGTH);
    if (length < 2 || length > 4096) {
      length = DEFAULT_LENGTH;
    }
    return new ClipSpecialTokens(id(dir, vocab, bos, "bos_token"), id(dir, vocab, eos, "eos_token"),
        id(dir, vocab, pad, "pad_token"), id(dir, vocab, unk, "unk_token"), length);
  }

  private static String token(JsonNode config, JsonNode map, String key, String fallback) {
    for (JsonNode source : new JsonNode[] {config, map}) {
      JsonNode n = source.get(key);
      if (n != null && n.isTextual()) {
        return n.textValue();
      }
      if (n != null && n.path("content").isTextual()) {
        return n.get("content").textValue();
      }
    }
    return fallback;
  }

  private static int id(Path dir, Map<String, Integer> vocab, String token, String key) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new ModelConfigException("tokenizer in " + dir + ": " + key + " '" + token
          + "' is not in the vocabulary; fix tokenizer_config.json / special_tokens_map.json");
    }
    return id;
  }

  private static JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelConfigException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** bos + the first {@code maxLength - 2} tokens + eos, padded to {@code maxLength}. */
  TokenizedPrompt frame(int[] tokens) {
    int keep = Math.min(tokens.length, maxLength - 2);
    int[] ids = new int[maxLength];
    java.util.Arrays.fill(ids, pad);
    ids[0] = bos;
    System.arraycopy(tokens, 0, ids, 1, keep);
    ids[keep + 1] = eos;
    return new TokenizedPrompt(ids, tokens.length, keep < tokens.length);
  }
}
