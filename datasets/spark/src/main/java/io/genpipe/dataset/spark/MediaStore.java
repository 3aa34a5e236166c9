package io.genpipe.dataset.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishes generated media objects (images, audio) under {@code OUT/media/<task>/<output_id>.<ext>}
 * on any Hadoop filesystem, exactly once per output id whatever the task retries.
 *
 * <p>Protocol: the bytes go to a key unique to this attempt, {@code
 * OUT/media/_staging/<task>/<output_id>.<uuid>}; then, if the final key already exists (a retry or
 * a speculative twin published first) the staging object is deleted and the existing key returned;
 * otherwise the staging object is renamed to the final key. On S3A the rename is a server-side copy
 * then a delete, so the final object appears whole or not at all. Output ids are deterministic
 * (hash of prompt id, model, params, seed) and so are the bytes, so two racing publishers that both
 * copy write the same object twice: harmless. Staging objects left by killed attempts are never
 * referenced by a manifest; {@code genpipe gc} removes them. See docs/RELIABILITY.md.
 *
 * <p>On {@code s3a://} the object carries the user metadata ({@code x-amz-meta-*}, at most 2 KB,
 * see {@link MediaMetadata}); S3A's copy keeps it. When the final key already exists with other
 * metadata (an earlier run published it and died before committing its manifest), the bytes are
 * PUT again with this publisher's metadata, so the object names the run that commits its row. Other filesystems have no object metadata: the
 * manifest row is the record there, and {@link PublishedMedia#metadataStored()} says false.
 *
 * <p>Not serialisable: build one per task from the Hadoop configuration.
 */
public final class MediaStore {
  private static final Map<String, String> CONTENT_TYPES = Map.of("png", "image/png", "jpg",
      "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp", "wav", "audio/wav", "flac",
      "audio/flac", "mp3", "audio/mpeg", "ogg", "audio/ogg", "json", "application/json", "txt",
      "text/plain");
  private static final String HEADER_XATTR = "header.";
  private static final String AMZ_META = "x-amz-meta-";
  private final Configuration hadoop;

  public MediaStore(Configuration hadoop) {
    this.hadoop = Objects.requireNonNull(hadoop, "hadoop configuration");
  }

  /** Publishes the bytes and returns the object's fully qualified URI (see the class comment). */
  public String publish(String outPrefix, String task, String outputId, String extension,
      byte[] bytes, Map<String, String> userMetadata) throws IOException {
    return publishObject(outPrefix, task, outputId, extension, bytes, userMetadata).uri();
  }

  /** As {@link #publish}, returning what the manifest row needs. */
  public PublishedMedia publishObject(String outPrefix, String task, String outputId,
      String extension, byte[] bytes, Map<String, String> userMetadata) throws IOException {
    MediaPaths paths = new MediaPaths(outPrefix);
    Path target = paths.published(task, outputId, extension);
    Objects.requireNonNull(bytes, "bytes of output " + outputId);
    String sha256 = sha256(bytes);
    Map<String, String> metadata = MediaMetadata.complete(userMetadata, outputId, sha256);
    FileSystem fs = withoutChecksums(target.getFileSystem(hadoop));
    boolean s3a = S3aObjects.SCHEME.equals(fs.getUri().getScheme());
    Path staging = paths.stagingFor(task, outputId);
    try {
      write(fs, staging, bytes, metadata, contentType(extension), s3a);
      boolean existed = commit(fs, staging, target, !s3a);
      if (existed && s3a) {
        refreshMetadata(fs, target, bytes, metadata, contentType(extension));
      }
      return new PublishedMedia(fs.makeQualified(target).toString(), bytes.length, sha256,
          existed, s3a);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(fs, staging);
      throw e;
    }
  }

  /**
   * The user metadata of an object ({@code x-amz-meta-*} names without the prefix, lowercase), or
   * an empty map on a filesystem that keeps none. Reads S3A's {@code header.*} attributes.
   */
  public Map<String, String> readMetadata(String uri) throws IOException {
    Path path = new Path(uri);
    return readMetadata(path.getFileSystem(hadoop), path);
  }

  private static Map<String, String> readMetadata(FileSystem fs, Path path) throws IOException {
    Map<String, byte[]> attributes;
    try {
      attributes = fs.getXAttrs(path);
    } catch (UnsupportedOperationException e) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    attributes.forEach((name, value) -> {
      String key = userKey(name);
      if (key != null && value != null) {
        out.put(key, new String(value, StandardCharsets.UTF_8));
      }
    });
    return out;
  }

  /**
   * Makes an existing object's metadata this publisher's, when it differs: the object then points
   * at the run that is about to commit the manifest row referencing it, not at an earlier run that
   * published it and died before committing (a killed run, then {@code --resume}). Hadoop 3.3.4
   * has no copy-in-place with replaced metadata, so the object is PUT again: same key, the same
   * deterministic bytes, new metadata. A single PUT replaces an object atomically, so readers see
   * the old or the new object, never a partial one. Retries and speculative twins of one run carry
   * identical metadata and skip this.
   */
  private static void refreshMetadata(FileSystem fs, Path target, byte[] bytes,
      Map<String, String> metadata, String contentType) throws IOException {
    Map<String, String> current = readMetadata(fs, target);
    if (!new TreeMap<>(metadata).equals(current)) {
      S3aObjects.put(fs, target, bytes, metadata, contentType);
    }
  }

  /** Staging → final; true when the final key already existed (nothing new was published). */
  static boolean commit(FileSystem fs, Path staging, Path target, boolean needsParent)
      throws IOException {
    if (fs.exists(target)) {
      deleteQuietly(fs, staging);
      return true;
    }
    if (needsParent) {
      fs.mkdirs(target.getParent());
    }
    IOException failure = null;
    try {
      if (fs.rename(staging, target)) {
        return false;
      }
    } catch (IOException e) {
      failure = e; // e.g. the destination appeared in between: checked below
    }
    if (fs.exists(target)) {
      deleteQuietly(fs, staging);
      return true;
    }
    throw new IOException("could not publish " + staging + " as " + target + ": the rename "
        + "failed and " + target + " does not exist", failure);
  }

  private static void write(FileSystem fs, Path staging, byte[] bytes, Map<String, String> metadata,
      String contentType, boolean s3a) throws IOException {
    if (s3a) {
      S3aObjects.put(fs, staging, bytes, metadata, contentType);
      return;
    }
    try (OutputStream out = fs.create(staging, false)) {
      out.write(bytes);
    }
  }

  /** The local filesystem's raw view: media objects without {@code .crc} sidecar files. */
  private static FileSystem withoutChecksums(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  private static String userKey(String attribute) {
    if (!attribute.startsWith(HEADER_XATTR)) {
      return null;
    }
    String name = attribute.substring(HEADER_XATTR.length());
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith(AMZ_META)) {
      return lower.substring(AMZ_META.length());
    }
    // Hadoop 3.3.4 names user metadata header.<key>; standard headers are capitalised or x-amz-*.
    boolean standard = !name.equals(lower) || lower.startsWith("x-amz-");
    return standard ? null : lower;
  }

  private static String contentType(String extension) {
    return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
  }

  private static void deleteQuietly(FileSystem fs, Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException | RuntimeException e) {
      // a leftover staging object is harmless: genpipe gc removes it
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
