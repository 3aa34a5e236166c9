package io.genpipe.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Hugging Face tokenizer files of a Llama-style (legacy SentencePiece BPE)
 * tokenizer: {@code tokenizer.json} with the same structure as the shared tinystories fixture
 * (Prepend/Replace normaliser, BPE with byte fallback, a post-processor that prepends
 * {@code <s>}, a decoder that restores spaces), {@code tokenizer_config.json} and
 * {@code special_tokens_map.json}.
 */
final class TokenizerFiles {

  private TokenizerFiles() {}

  static void write(Path dir, TinyBpeTokenizer tokenizer, int modelMaxLength) {
    JsonFiles.write(dir.resolve("tokenizer.json"), tokenizerJson(tokenizer));
    JsonFiles.write(dir.resolve("tokenizer_config.json"), tokenizerConfig(modelMaxLength));
    JsonFiles.write(dir.resolve("special_tokens_map.json"), specialTokensMap());
  }

  static Map<String, Object> tokenizerJson(TinyBpeTokenizer tokenizer) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", "1.0");
    json.put("truncation", null);
    json.put("padding", null);
    json.put("added_tokens", List.of(added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")));
    json.put("normalizer", sequence("normalizers", List.of(
        ordered("type", "Prepend", "prepend", TinyBpeTokenizer.SPACE),
        replace(" ", TinyBpeTokenizer.SPACE))));
    json.put("pre_tokenizer", null);
    json.put("post_processor", postProcessor());
    json.put("decoder", sequence("decoders", List.of(
        replace(TinyBpeTokenizer.SPACE, " "), Map.of("type", "ByteFallback"), Map.of("type", "Fuse"),
        strip())));
    json.put("model", model(tokenizer));
    return json;
  }

  private static Map<String, Object> model(TinyBpeTokenizer tokenizer) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "BPE");
    model.put("dropout", null);
    model.put("unk_token", "<unk>");
    model.put("continuing_subword_prefix", null);
    model.put("end_of_word_suffix", null);
    model.put("fuse_unk", true);
    model.put("byte_fallback", true);
    model.put("ignore_merges", false);
    model.put("vocab", tokenizer.vocab());
    List<String> merges = new ArrayList<>();
    tokenizer.merges().forEach(m -> merges.add(m[0] + " " + m[1]));
    model.put("merges", merges);
    return model;
  }

  private static Map<String, Object> postProcessor() {
    Map<String, Object> bos = Map.of("SpecialToken", ordered("id", "<s>", "type_id", 0));
    Map<String, Object> seqA = Map.of("Sequence", ordered("id", "A", "type_id", 0));
    Map<String, Object> bos1 = Map.of("SpecialToken", ordered("id", "<s>", "type_id", 1));
    Map<String, Object> seqB = Map.of("Sequence", ordered("id", "B", "type_id", 1));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "TemplateProcessing");
    p.put("single", List.of(bos, seqA));
    p.put("pair", List.of(bos, seqA, bos1, seqB));
    p.put("special_tokens", Map.of("<s>", ordered("id", "<s>", "ids", List.of(1), "tokens", List.of("<s>"))));
    return p;
  }

  private static Map<String, Object> tokenizerConfig(int modelMaxLength) {
    return ordered("tokenizer_class", "LlamaTokenizerFast", "add_bos_token", true, "add_eos_token", false,
        "bos_token", "<s>", "eos_token", "</s>", "unk_token", "<unk>", "pad_token", "<unk>",
        "clean_up_tokenization_spaces", false, "legacy", true, "model_max_length", modelMaxLength,
        "padding_side", "left");
  }

  private static Map<String, Object> specialTokensMap() {
    return ordered("bos_token", "<s>", "eos_token", "</s>", "unk_token", "<unk>", "pad_token", "<unk>");
  }

  private static Map<String, Object> added(int id, String content) {
    return ordered("id", id, "content", content, "single_word", false, "lstrip", false, "rstrip", false,
        "normalized", false, "special", true);
  }

  private static Map<String, Object> sequence(String key, List<?> items) {
    return ordered("type", "Sequence", key, items);
  }

  private static Map<String, Object> replace(String from, String to) {
    return ordered("type", "Replace", "pattern", Map.of("String", from), "content", to);
  }

  private static Map<String, Object> strip() {
    return ordered("type", "Strip", "content", " ", "start", 1, "stop", 0);
  }

  /** A map with the given key/value pairs in order. */
  static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
