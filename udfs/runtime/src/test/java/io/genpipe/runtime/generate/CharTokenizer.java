package io.genpipe.runtime.generate;

import io.genpipe.runtime.tokenize.TextTokenizer;

/**
 * One token per character of a small alphabet, for tests. Ids 0 (pad) and 1 (eos) are special and
 * skipped when decoding. With {@code sentencePieceLike}, decoding drops the leading space of the
 * first token as SentencePiece decoders do.
 */
final class CharTokenizer implements TextTokenizer {
  static final long PAD = 0;
  static final long EOS = 1;
  static final String CHARS = " abcdefghijklmnopqrstuvwxyz.,!?\n";
  static final int VOCAB = 2 + CHARS.length();

  private final boolean sentencePieceLike;

  CharTokenizer(boolean sentencePieceLike) {
    this.sentencePieceLike = sentencePieceLike;
  }

  static long[] ids(String text) {
    long[] out = new long[text.length()];
    for (int i = 0; i < out.length; i++) {
      int at = CHARS.indexOf(text.charAt(i));
      if (at < 0) {
        throw new IllegalArgumentException("no token for '" + text.charAt(i) + "'");
      }
      out[i] = 2 + at;
    }
    return out;
  }

  static String text(long[] ids, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      long id = ids[i];
      if (id < 0 || id >= VOCAB) {
        throw new IllegalArgumentException("no text for id " + id);
      }
      if (id >= 2) {
        sb.append(CHARS.charAt((int) id - 2));
      }
    }
    return sb.toString();
  }

  @Override
  public long[] encode(String text) {
    return ids(text);
  }

  @Override
  public String decode(long[] ids) {
    String s = text(ids, ids.length);
    return sentencePieceLike && s.startsWith(" ") ? s.substring(1) : s;
  }

  @Override
  public void close() {}
}
