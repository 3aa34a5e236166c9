package io.genpipe.udf.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests and identities recorded with every output. */
public final class Provenance {
  /** IPTC digital source type of wholly AI-generated content. */
  public static final String TRAINED_ALGORITHMIC_MEDIA =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

  private Provenance() {}

  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Deterministic output id: SHA-256 over (prompt id, model digest, resolved params, seed), each
   * length-prefixed so that no two different tuples collide by concatenation. Hex, 64 characters:
   * safe as an object-store key.
   */
  public static String outputId(String promptId, String modelSha256, String params, long seed) {
    MessageDigest sha = sha256();
    for (String part : new String[] {"genpipe/output/v1", promptId, modelSha256, params,
        Long.toString(seed)}) {
      byte[] b = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
      sha.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      sha.update(b);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** This machine's host name, looked up once per JVM (a lookup can cost a DNS round trip). */
  public static String hostName() {
    return Host.NAME;
  }

  private static final class Host {
    static final String NAME = lookup();

    private static String lookup() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "unknown";
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
