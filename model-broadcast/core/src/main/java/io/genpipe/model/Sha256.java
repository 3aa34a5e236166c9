package io.genpipe.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 helpers: hex form, string digests and a streaming file hasher. */
final class Sha256 {
  /** Read size for file hashing: large enough for sequential throughput, small enough to keep. */
  static final int BUFFER_BYTES = 8 * 1024 * 1024;

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  static boolean isHex(String value) {
    return value != null && HEX64.matcher(value).matches();
  }

  static void requireHex(String value, String what) {
    if (!isHex(value)) {
      throw new IllegalArgumentException(
          what + " must be 64 lowercase hex characters, got '" + value + "'");
    }
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  static String ofUtf8(String text) {
    return hex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A hasher that streams files through one reusable {@value #BUFFER_BYTES}-byte buffer. Not
   * thread-safe: create one per resolution.
   */
  static FileHasher streaming() {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    return file -> hashFile(file, buffer);
  }

  private static String hashFile(Path file, ByteBuffer buffer) throws IOException {
    MessageDigest digest = newDigest();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (channel.read(buffer.clear()) >= 0) {
        digest.update(buffer.flip());
      }
    }
    return hex(digest.digest());
  }
}
