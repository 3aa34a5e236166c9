package io.genpipe.runtime.generate;

import java.util.List;

/** Decodes a row's continuation so far; used to watch for stop strings. */
@FunctionalInterface
public interface StopStrings {
  String decode(long[] newIds, int length);

  /** The first stop string (by position) in {@code text}, or null. */
  static String firstIn(String text, List<String> stops) {
    String best = null;
    int bestAt = Integer.MAX_VALUE;
    for (String s : stops) {
      int at = text.indexOf(s);
      if (at >= 0 && at < bestAt) {
        best = s;
        bestAt = at;
      }
    }
    return best;
  }
}
