package io.genpipe.runtime.image;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CLIP's tokenizer from a {@code vocab.json} + {@code merges.txt} folder (what diffusers and
 * Optimum save as {@code tokenizer/}), pure Java. Like Hugging Face's {@code CLIPTokenizer}, the
 * first line of {@code merges.txt} (the {@code #version} header) is skipped and at most
 * {@code 49152 - 256 - 2} merges are read.
 */
public final class ClipBpeTokenizer implements PromptTokenizer {
  private static final int MAX_MERGES = 49152 - 256 - 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClipBpe bpe;
  private final ClipSpecialTokens special;

  private ClipBpeTokenizer(ClipBpe bpe, ClipSpecialTokens special) {
    this.bpe = bpe;
    this.special = special;
  }

  public static ClipBpeTokenizer load(Path dir) {
    Map<String, Integer> vocab = readVocab(dir.resolve("vocab.json"));
    List<String[]> merges = readMerges(dir.resolve("merges.txt"));
    ClipSpecialTokens special = ClipSpecialTokens.read(dir, vocab);
    return new ClipBpeTokenizer(new ClipBpe(vocab, merges, special.unk()), special);
  }

  private static Map<String, Integer> readVocab(Path file) {
    try {
      return JSON.readValue(file.toFile(), new TypeReference<Map<String, Integer>>() {});
    } catch (IOException e) {
      throw new ModelConfigException("cannot read CLIP vocabulary " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String[]> readMerges(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelConfigException("cannot read CLIP merges " + file + ": " + e.getMessage(), e);
    }
    List<String[]> merges = new ArrayList<>();
    for (int i = 1; i < lines.size() && merges.size() < MAX_MERGES; i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] pair = line.split(" ");
      if (pair.length != 2) {
        throw new ModelConfigException(file + " line " + (i + 1) + " is not a merge pair: " + line);
      }
      merges.add(pair);
    }
    return merges;
  }

  @Override
  public TokenizedPrompt encode(String prompt) {
    return special.frame(bpe.encode(prompt));
  }

  @Override
  public int length() {
    return special.maxLength();
  }
}
