package io.genpipe.runtime.image;

/**
 * GPT-2/CLIP's reversible byte-to-character table: printable Latin-1 bytes map to themselves,
 * the others to the code points from U+0100 upwards, in byte order. BPE then works on visible
 * characters only.
 */
final class ByteUnicode {
  private static final char[] TABLE = build();

  private ByteUnicode() {}

  private static char[] build() {
    char[] table = new char[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      table[b] = (char) (printable ? b : next++);
    }
    return table;
  }

  /** The character standing for byte {@code b} (0..255). */
  static char of(int b) {
    return TABLE[b & 0xFF];
  }

  /** The 256 characters in CLIP's vocabulary order: printable bytes first, then the rest. */
  static String[] vocabularyOrder() {
    String[] out = new String[256];
    int i = 0;
    for (int b = 0; b < 256; b++) {
      if (TABLE[b] == b) {
        out[i++] = String.valueOf(TABLE[b]);
      }
    }
    for (int b = 0; b < 256; b++) {
      if (TABLE[b] != b) {
        out[i++] = String.valueOf(TABLE[b]);
      }
    }
    return out;
  }
}
