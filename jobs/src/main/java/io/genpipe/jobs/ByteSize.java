package io.genpipe.jobs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes written as in Spark settings: {@code 512}, {@code 64k}, {@code 256m}, {@code 8g}. */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)b?");

  private ByteSize() {}

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a size such as 512, 64k, 256m or 8g, got '" + text + "'");
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    long value = Long.parseLong(m.group(1));
    if (value < 1 || value > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("must be a positive size, got '" + text + "'");
    }
    return value << shift;
  }
}
