package io.genpipe.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Llama/SentencePiece-style BPE vocabulary learnt from {@link EnglishCorpus}: {@code <unk>}=0,
 * {@code <s>}=1, {@code </s>}=2, byte-fallback tokens {@code <0x00>}..{@code <0xFF>} at 3..258,
 * then the merged pieces in merge order, then the single characters of the corpus.
 *
 * <p>Text is normalised like Llama's legacy tokenizer ({@code "▁" + text} with spaces as ▁).
 * Merges are learnt inside segments (▁ plus a run of letters, or one other character), so no
 * merge can span a segment boundary and {@link #encode} here gives exactly what Hugging Face
 * tokenizers gives for the written {@code tokenizer.json} (which has no pre-tokenizer).
 */
public final class TinyBpeTokenizer {

  public static final String SPACE = "\u2581";
  public static final int UNK = 0;
  public static final int BOS = 1;
  public static final int EOS = 2;
  public static final int FIRST_BYTE = 3;
  public static final int DEFAULT_MERGES = 200;

  private final Map<String, Integer> vocab;
  private final List<String[]> merges;
  private final Map<String, Integer> ranks = new LinkedHashMap<>();

  private TinyBpeTokenizer(Map<String, Integer> vocab, List<String[]> merges) {
    this.vocab = Collections.unmodifiableMap(vocab);
    this.merges = List.copyOf(merges);
    for (int i = 0; i < merges.size(); i++) {
      ranks.putIfAbsent(merges.get(i)[0] + " " + merges.get(i)[1], i);
    }
  }

  /** The tokenizer learnt from the built-in corpus with {@link #DEFAULT_MERGES} merges. */
  public static TinyBpeTokenizer standard() {
    return train(EnglishCorpus.text(), DEFAULT_MERGES);
  }

  static TinyBpeTokenizer train(String text, int numMerges) {
    List<String[]> merges = BpeTrainer.learn(segments(normalize(text)), numMerges);
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String special : new String[] {"<unk>", "<s>", "</s>"}) {
      vocab.put(special, vocab.size());
    }
    for (int b = 0; b < 256; b++) {
      vocab.put(byteToken(b), vocab.size());
    }
    for (String[] merge : merges) {
      vocab.putIfAbsent(merge[0] + merge[1], vocab.size());
    }
    for (String ch : alphabet(text)) {
      vocab.putIfAbsent(ch, vocab.size());
    }
    return new TinyBpeTokenizer(vocab, merges);
  }

  /** Piece to id, in id order. */
  public Map<String, Integer> vocab() {
    return vocab;
  }

  /** Merges in priority order, each {left, right}. */
  public List<String[]> merges() {
    return merges;
  }

  public int vocabSize() {
    return vocab.size();
  }

  /** Token ids of {@code text} without special tokens (what HF gives with add_special_tokens=false). */
  public List<Integer> encode(String text) {
    List<Integer> ids = new ArrayList<>();
    for (String segment : segments(normalize(text))) {
      for (String piece : mergeSegment(segment)) {
        ids.add(vocab.get(piece));
      }
    }
    return ids;
  }

  static String byteToken(int b) {
    return String.format("<0x%02X>", b);
  }

  static String normalize(String text) {
    return SPACE + text.replace(" ", SPACE);
  }

  /** ▁ followed by letters/apostrophes, a run of letters/apostrophes, or any single other code point. */
  static List<String> segments(String normalized) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < normalized.length()) {
      int start = i;
      boolean space = normalized.startsWith(SPACE, i);
      i += Character.charCount(normalized.codePointAt(i));
      if (space || isWordChar(normalized.codePointAt(start))) {
        while (i < normalized.length() && isWordChar(normalized.codePointAt(i))) {
          i += Character.charCount(normalized.codePointAt(i));
        }
      }
      out.add(normalized.substring(start, i));
    }
    return out;
  }

  private static boolean isWordChar(int cp) {
    return Character.isLetter(cp) || cp == '\'';
  }

  private List<String> mergeSegment(String segment) {
    List<String> symbols = new ArrayList<>();
    segment.codePoints().forEach(cp -> addSymbol(symbols, new String(Character.toChars(cp))));
    while (true) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int j = 0; j + 1 < symbols.size(); j++) {
        Integer rank = ranks.get(symbols.get(j) + " " + symbols.get(j + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = j;
        }
      }
      if (best < 0) {
        return symbols;
      }
      symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
    }
  }

  private void addSymbol(List<String> symbols, String ch) {
    if (vocab.containsKey(ch)) {
      symbols.add(ch);
      return;
    }
    for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
      symbols.add(byteToken(b & 0xFF));
    }
  }

  private static TreeSet<String> alphabet(String text) {
    TreeSet<String> chars = new TreeSet<>();
    normalize(text).codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
    return chars;
  }
}
