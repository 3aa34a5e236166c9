package io.genpipe.runtime.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny CLIP-layout tokenizer for tests: the 256 byte characters, the same with {@code </w>},
 * a handful of merges, then {@code <|startoftext|>} and {@code <|endoftext|>} (ids 525 and 526
 * here, 49406 and 49407 in the real vocabulary).
 */
final class TinyClipFiles {
  static final String[][] MERGES = {{"t", "h"}, {"th", "e</w>"}, {"a", "t</w>"}, {"c", "at</w>"},
      {"o", "f</w>"}, {"p", "h"}, {"o", "t"}, {"ph", "ot"}, {"phot", "o</w>"}, {"a", "n"},
      {"an", "d</w>"}, {"r", "e"}, {"re", "d</w>"}};
  static final int BOS = 525;
  static final int EOS = 526;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TinyClipFiles() {}

  static Map<String, Integer> vocab() {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    String[] bytes = ByteUnicode.vocabularyOrder();
    for (String b : bytes) {
      vocab.put(b, vocab.size());
    }
    for (String b : bytes) {
      vocab.put(b + "</w>", vocab.size());
    }
    for (String[] m : MERGES) {
      vocab.put(m[0] + m[1], vocab.size());
    }
    vocab.put("<|startoftext|>", vocab.size());
    vocab.put("<|endoftext|>", vocab.size());
    return vocab;
  }

  static List<String> mergeLines() {
    List<String> lines = new ArrayList<>();
    for (String[] m : MERGES) {
      lines.add(m[0] + " " + m[1]);
    }
    return lines;
  }

  /** vocab.json + merges.txt + tokenizer_config.json with the given pad token. */
  static Path writeBpe(Path dir, String padToken) {
    try {
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve("vocab.json").toFile(), vocab());
      List<String> lines = new ArrayList<>(List.of("#version: 0.2"));
      lines.addAll(mergeLines());
      Files.write(dir.resolve("merges.txt"), lines, StandardCharsets.UTF_8);
      JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), Map.of(
          "model_max_length", 77, "pad_token", padToken, "bos_token", "<|startoftext|>",
          "eos_token", Map.of("content", "<|endoftext|>", "lstrip", false)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Hugging Face tokenizer.json in the layout of openai/clip-vit-large-patch14's. */
  static Path writeTokenizerJson(Path dir, String padToken) {
    try {
      Files.createDirectories(dir);
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("version", "1.0");
      root.put("truncation", null);
      root.put("padding", null);
      root.put("added_tokens", List.of(added(BOS, "<|startoftext|>"), added(EOS, "<|endoftext|>")));
      root.put("normalizer", Map.of("type", "Sequence", "normalizers", List.of(
          Map.of("type", "NFC"),
          Map.of("type", "Replace", "pattern", Map.of("Regex", "\\s+"), "content", " "),
          Map.of("type", "Lowercase"))));
      root.put("pre_tokenizer", Map.of("type", "Sequence", "pretokenizers", List.of(
          Map.of("type", "Split", "pattern", Map.of("Regex", "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|"
              + "[\\p{N}]|[^\\s\\p{L}\\p{N}]+"), "behavior", "Removed", "invert", true),
          Map.of("type", "ByteLevel", "add_prefix_space", false, "trim_offsets", true,
              "use_regex", false))));
      root.put("post_processor", Map.of("type", "RobertaProcessing",
          "sep", List.of("<|endoftext|>", EOS), "cls", List.of("<|startoftext|>", BOS),
          "trim_offsets", false, "add_prefix_space", false));
      root.put("decoder", Map.of("type", "ByteLevel", "add_prefix_space", true,
          "trim_offsets", true, "use_regex", true));
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("type", "BPE");
      model.put("dropout", null);
      model.put("unk_token", "<|endoftext|>");
      model.put("continuing_subword_prefix", "");
      model.put("end_of_word_suffix", "</w>");
      model.put("fuse_unk", false);
      model.put("byte_fallback", false);
      model.put("vocab", vocab());
      model.put("merges", mergeLines());
      root.put("model", model);
      JSON.writeValue(dir.resolve("tokenizer.json").toFile(), root);
      JSON.writeValue(dir.resolve("special_tokens_map.json").toFile(), Map.of(
          "bos_token", "<|startoftext|>", "eos_token", "<|endoftext|>", "pad_token", padToken,
          "unk_token", "<|endoftext|>"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> added(int id, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("content", content);
    m.put("single_word", false);
    m.put("lstrip", false);
    m.put("rstrip", false);
    m.put("normalized", true);
    m.put("special", true);
    return m;
  }
}
