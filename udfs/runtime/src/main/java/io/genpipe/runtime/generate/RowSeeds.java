package io.genpipe.runtime.generate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Per-row randomness. A row's generator depends only on (base seed, row id): the same row draws the
 * same numbers whatever the partitioning, batch size, batch neighbours or task retries. The base
 * seed is the row's own seed when it has one, else the job seed.
 */
public final class RowSeeds {
  private static final byte[] DOMAIN = "genpipe/row-seed/v1".getBytes(StandardCharsets.UTF_8);

  private RowSeeds() {}

  /** First 8 bytes of SHA-256(domain, baseSeed, rowId) as a long. */
  public static long derive(long baseSeed, String rowId) {
    MessageDigest sha = sha256();
    sha.update(DOMAIN);
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(baseSeed).array());
    sha.update(rowId.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(sha.digest()).getLong();
  }

  /** The generator a row samples from (SplittableRandom: its algorithm is fixed by the JDK spec). */
  public static RandomGenerator generator(long baseSeed, String rowId) {
    return new SplittableRandom(derive(baseSeed, rowId));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
