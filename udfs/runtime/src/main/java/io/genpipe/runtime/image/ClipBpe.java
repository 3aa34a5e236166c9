package io.genpipe.runtime.image;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE, as Hugging Face's {@code CLIPTokenizerFast} runs it: NFC, whitespace runs
 * to one space, trim, lowercase; CLIP's pre-tokenisation regex; each piece's UTF-8 bytes through
 * {@link ByteUnicode}; {@code </w>} on the last character; merges by rank; unknown pieces to
 * {@code unk}. (The slow tokenizer without ftfy differs only for CJK text, which it splits per
 * character.)
 */
final class ClipBpe {
  static final String END_OF_WORD = "</w>";
  private static final Pattern PIECES = Pattern.compile(
      "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> ranks;
  private final int unk;
  /** Pieces seen before; bounded so a long-running executor does not grow it without limit. */
  private static final int CACHE_LIMIT = 100_000;
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  /** @param merges merge pairs in rank order, each {@code {left, right}} */
  ClipBpe(Map<String, Integer> vocab, List<String[]> merges, int unk) {
    this.vocab = vocab;
    this.unk = unk;
    this.ranks = new HashMap<>();
    for (int i = 0; i < merges.size(); i++) {
      ranks.putIfAbsent(pairKey(merges.get(i)[0], merges.get(i)[1]), i);
    }
  }

  static String clean(String text) {
    String normal = Normalizer.normalize(text, Normalizer.Form.NFC);
    return WHITESPACE.matcher(normal).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
  }

  /** The prompt's token ids, without bos/eos. */
  int[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    Matcher m = PIECES.matcher(clean(text));
    while (m.find()) {
      for (int id : piece(m.group())) {
        ids.add(id);
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private int[] piece(String piece) {
    Integer special = piece.startsWith("<|") ? vocab.get(piece) : null;
    if (special != null) {
      return new int[] {special};
    }
    int[] ids = cache.get(piece);
    if (ids == null) {
      ids = toIds(merge(byteChars(piece)));
      if (cache.size() < CACHE_LIMIT) {
        cache.put(piece, ids);
      }
    }
    return ids;
  }

  private static List<String> byteChars(String piece) {
    byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
    List<String> word = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      word.add(String.valueOf(ByteUnicode.of(b)));
    }
    int last = word.size() - 1;
    word.set(last, word.get(last) + END_OF_WORD);
    return word;
  }

  /** Applies the lowest-ranked adjacent merge, all its occurrences left to right, until none. */
  private List<String> merge(List<String> word) {
    while (word.size() > 1) {
      int best = Integer.MAX_VALUE;
      String first = null;
      String second = null;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer rank = ranks.get(pairKey(word.get(i), word.get(i + 1)));
        if (rank != null && rank < best) {
          best = rank;
          first = word.get(i);
          second = word.get(i + 1);
        }
      }
      if (first == null) {
        break;
      }
      word = mergePair(word, first, second);
    }
    return word;
  }

  private static List<String> mergePair(List<String> word, String first, String second) {
    List<String> out = new ArrayList<>(word.size());
    for (int i = 0; i < word.size(); i++) {
      if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
        out.add(first + second);
        i++;
      } else {
        out.add(word.get(i));
      }
    }
    return out;
  }

  private int[] toIds(List<String> tokens) {
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = vocab.getOrDefault(tokens.get(i), unk);
    }
    return ids;
  }

  private static String pairKey(String a, String b) {
    return a + ' ' + b;
  }
}
