package io.genpipe.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Classic BPE training over word counts: repeatedly merge the most frequent adjacent pair
 * (ties: the lexicographically smallest "left right"), so the result is deterministic.
 */
final class BpeTrainer {

  private BpeTrainer() {}

  /** Learns up to {@code numMerges} merges from the segments (fewer if no pair is left). */
  static List<String[]> learn(List<String> segments, int numMerges) {
    Map<String, Integer> counts = new TreeMap<>();
    segments.forEach(s -> counts.merge(s, 1, Integer::sum));
    List<List<String>> words = new ArrayList<>();
    List<Integer> freqs = new ArrayList<>();
    counts.forEach((word, n) -> {
      List<String> symbols = new ArrayList<>();
      word.codePoints().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
      words.add(symbols);
      freqs.add(n);
    });
    List<String[]> merges = new ArrayList<>();
    while (merges.size() < numMerges) {
      String[] best = bestPair(words, freqs);
      if (best == null) {
        break;
      }
      merges.add(best);
      words.forEach(w -> apply(w, best));
    }
    return merges;
  }

  private static String[] bestPair(List<List<String>> words, List<Integer> freqs) {
    Map<String, Integer> pairs = new TreeMap<>();
    for (int i = 0; i < words.size(); i++) {
      List<String> w = words.get(i);
      for (int j = 0; j + 1 < w.size(); j++) {
        pairs.merge(w.get(j) + " " + w.get(j + 1), freqs.get(i), Integer::sum);
      }
    }
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : pairs.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best == null ? null : best.split(" ", 2);
  }

  private static void apply(List<String> word, String[] pair) {
    for (int j = 0; j + 1 < word.size(); j++) {
      if (word.get(j).equals(pair[0]) && word.get(j + 1).equals(pair[1])) {
        word.set(j, pair[0] + pair[1]);
        word.remove(j + 1);
      }
    }
  }
}
