package io.genpipe.testing.sd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny vocabulary in CLIP's exact layout: the 256 byte characters of GPT-2's byte-to-unicode
 * table (printable bytes first), the same 256 with {@code </w>}, one token per learned merge in
 * rank order, then {@code <|startoftext|>} and {@code <|endoftext|>} last (49406 and 49407 in the
 * real vocabulary). Merges are learned by plain BPE on a small fixed corpus (most frequent pair,
 * ties broken by the pair's text), so the output is deterministic.
 */
final class ClipVocabulary {
  static final String BOS = "<|startoftext|>";
  static final String EOS = "<|endoftext|>";
  static final int MERGES = 40;
  static final String CORPUS = "a photo of a cat . a photo of the dog . an astronaut riding a horse "
      + "on the moon . a red apple on the table . a painting of the sea at night . portrait of a "
      + "cat with a hat . the city at night , photo . a dog and a cat in the garden . oil painting "
      + "of a horse . a watercolor of the sea";

  final Map<String, Integer> vocab;
  final List<String[]> merges;

  private ClipVocabulary(Map<String, Integer> vocab, List<String[]> merges) {
    this.vocab = vocab;
    this.merges = merges;
  }

  static ClipVocabulary standard() {
    List<String[]> merges = learn(CORPUS, MERGES);
    Map<String, Integer> vocab = new LinkedHashMap<>();
    String[] bytes = byteCharacters();
    for (String b : bytes) {
      vocab.put(b, vocab.size());
    }
    for (String b : bytes) {
      vocab.put(b + "</w>", vocab.size());
    }
    for (String[] m : merges) {
      vocab.putIfAbsent(m[0] + m[1], vocab.size());
    }
    vocab.put(BOS, vocab.size());
    vocab.put(EOS, vocab.size());
    return new ClipVocabulary(vocab, merges);
  }

  int size() {
    return vocab.size();
  }

  /** merges.txt as Hugging Face's CLIPTokenizer saves it: a version header, then one pair a line. */
  String mergesText() {
    StringBuilder out = new StringBuilder("#version: 0.2\n");
    merges.forEach(m -> out.append(m[0]).append(' ').append(m[1]).append('\n'));
    return out.toString();
  }

  /** GPT-2's byte-to-unicode characters in CLIP's vocabulary order. */
  static String[] byteCharacters() {
    List<String> printable = new ArrayList<>();
    List<String> remapped = new ArrayList<>();
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean keep = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      if (keep) {
        printable.add(String.valueOf((char) b));
      } else {
        remapped.add(String.valueOf((char) next++));
      }
    }
    printable.addAll(remapped);
    return printable.toArray(String[]::new);
  }

  /** Words are space-separated and ASCII here, so each byte is its own character. */
  private static List<String[]> learn(String corpus, int count) {
    Map<List<String>, Integer> words = new HashMap<>();
    for (String word : corpus.split(" ")) {
      List<String> symbols = new ArrayList<>();
      byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < bytes.length; i++) {
        symbols.add((char) bytes[i] + (i == bytes.length - 1 ? "</w>" : ""));
      }
      words.merge(symbols, 1, Integer::sum);
    }
    List<String[]> merges = new ArrayList<>();
    while (merges.size() < count) {
      String[] best = mostFrequentPair(words);
      if (best == null) {
        break;
      }
      merges.add(best);
      words = apply(words, best);
    }
    return merges;
  }

  private static String[] mostFrequentPair(Map<List<String>, Integer> words) {
    TreeMap<String, Integer> pairs = new TreeMap<>();
    words.forEach((w, n) -> {
      for (int i = 0; i + 1 < w.size(); i++) {
        pairs.merge(w.get(i) + " " + w.get(i + 1), n, Integer::sum);
      }
    });
    String best = null;
    int bestCount = 1;
    for (Map.Entry<String, Integer> e : pairs.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best == null ? null : best.split(" ");
  }

  private static Map<List<String>, Integer> apply(Map<List<String>, Integer> words, String[] pair) {
    Map<List<String>, Integer> out = new HashMap<>();
    words.forEach((w, n) -> {
      List<String> merged = new ArrayList<>();
      for (int i = 0; i < w.size(); i++) {
        if (i + 1 < w.size() && w.get(i).equals(pair[0]) && w.get(i + 1).equals(pair[1])) {
          merged.add(pair[0] + pair[1]);
          i++;
        } else {
          merged.add(w.get(i));
        }
      }
      out.merge(merged, n, Integer::sum);
    });
    return out;
  }
}
