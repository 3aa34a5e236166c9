package io.genpipe.dataset.spark;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * User metadata of a media object ({@code x-amz-meta-<key>} on S3): the provenance keys of
 * {@code shared/PROVENANCE.md}, checked before upload because S3 metadata cannot be changed
 * afterwards. S3 limits user metadata to 2 KB, counted as the UTF-8 bytes of every key and value;
 * genpipe refuses more rather than let the store reject (or truncate) it mid-job.
 */
public final class MediaMetadata {
  public static final String OUTPUT_ID = "output-id";
  public static final String SHA256 = "sha256";
  public static final String DIGITAL_SOURCE_TYPE = "digital-source-type";
  public static final String MODEL_ID = "model-id";
  public static final String MODEL_LICENSE = "model-license";
  public static final String RUN_ID = "run-id";
  public static final String MANIFEST_URI = "manifest-uri";
  /** S3's limit on user metadata: key and value bytes added up. */
  public static final int MAX_BYTES = 2048;
  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7e]{0,1024}");

  private MediaMetadata() {}

  /**
   * The caller's metadata plus {@code output-id} and {@code sha256} computed by the store. A
   * caller-supplied {@code output-id} or {@code sha256} must equal the computed one.
   */
  static Map<String, String> complete(Map<String, String> user, String outputId, String sha256) {
    Map<String, String> all = new TreeMap<>();
    if (user != null) {
      user.forEach((k, v) -> all.put(checkKey(k), checkValue(k, v)));
    }
    agree(all, OUTPUT_ID, outputId);
    agree(all, SHA256, sha256);
    int bytes = size(all);
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException("media metadata of " + outputId + " is " + bytes
          + " bytes; S3 allows " + MAX_BYTES + " (keys + values): shorten the values (e.g. "
          + "model-id or manifest-uri) or drop optional keys; the manifest row keeps the full facts");
    }
    return all;
  }

  static int size(Map<String, String> metadata) {
    return metadata.entrySet().stream().mapToInt(e -> e.getKey().getBytes(StandardCharsets.UTF_8)
        .length + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
  }

  private static void agree(Map<String, String> all, String key, String computed) {
    String given = all.putIfAbsent(key, computed);
    if (given != null && !given.equals(computed)) {
      throw new IllegalArgumentException("metadata " + key + " '" + given + "' disagrees with the "
          + "object's own " + key + " " + computed + "; leave it out and the store sets it");
    }
  }

  private static String checkKey(String key) {
    if (key == null || !KEY.matcher(key).matches() || key.startsWith("x-amz-")) {
      throw new IllegalArgumentException("metadata key '" + key + "' must be lowercase letters, "
          + "digits and '-' (at most 64, no x-amz- prefix; S3 adds x-amz-meta-), e.g. "
          + MODEL_ID);
    }
    return key;
  }

  private static String checkValue(String key, String value) {
    if (value == null || !VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException("metadata " + key + " must be printable US-ASCII of at "
          + "most 1024 characters (S3 sends metadata as HTTP headers), got '" + value + "'");
    }
    return value;
  }
}
