package io.genpipe.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * File digests remembered across calls and runs, so that resolving an unchanged folder reads no
 * file content. An entry is keyed by the file's relative path and is used while the file's size and
 * last-modified time (nanoseconds) are both unchanged: content rewritten with the same size and a
 * restored mtime is NOT noticed (as with {@code make} or {@code rsync}).
 *
 * <p><b>Where it lives.</b> Never in the model folder (genpipe does not write into users' model
 * folders), but in {@code ${java.io.tmpdir}/genpipe-digests/<sha256 of the folder's real
 * absolute path>.json}; that folder is created owner-only ({@code rwx------}) and is not used if
 * another user owns it or it is group- or world-writable, since anyone who can write it could make
 * a changed model look pinned. Caching is best effort: an unreadable or corrupt cache is ignored
 * and rewritten, and a cache that cannot be written costs only re-hashing.
 *
 * <p><b>Recent files.</b> A digest is stored only for a file last modified at least {@link
 * #RACY_WINDOW} before hashing began, because a write within the same mtime tick could go
 * unnoticed; such files are hashed again on the next resolution.
 */
final class DigestCache {
  static final String FILE_NAME = ".genpipe-sha256.json";
  static final String TMP_FOLDER = "genpipe-digests";
  static final Duration RACY_WINDOW = Duration.ofSeconds(2);

  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path location;
  private final Path dir;
  private final Map<String, Entry> known;
  private final Map<String, Entry> current = new TreeMap<>();

  private record Entry(long size, long mtimeNanos, String sha256) {}

  private DigestCache(Path location, Path dir, Map<String, Entry> known) {
    this.location = location;
    this.dir = dir;
    this.known = known;
  }

  /**
   * The cache for a folder (given as its real path); {@code tmpRoot} is normally java.io.tmpdir.
   */
  static DigestCache open(Path dir, Path tmpRoot) {
    Path location = locate(dir, tmpRoot);
    return new DigestCache(location, dir, location == null ? Map.of() : load(location, dir));
  }

  /**
   * Where the folder's cache lives, or null when no safe place exists (caching off). Never inside
   * the model folder: genpipe does not write into users' model folders (a stray file there would
   * also change what a folder listing or a byte-for-byte comparison sees).
   */
  static Path locate(Path dir, Path tmpRoot) {
    Path folder = tmpRoot.resolve(TMP_FOLDER);
    return PrivateFolder.ensure(folder) ? folder.resolve(Sha256.ofUtf8(dir.toString()) + ".json") : null;
  }

  Path location() {
    return location;
  }

  /** The remembered digest if the file's size and mtime are unchanged, else null. */
  String get(FileStat stat) {
    Entry entry = known.get(stat.path());
    if (entry == null || entry.size() != stat.size() || entry.mtimeNanos() != stat.mtimeNanos()) {
      return null;
    }
    current.put(stat.path(), entry);
    return entry.sha256();
  }

  /** Remembers a digest computed from reading the file, unless the file is too recent. */
  void put(FileStat stat, String sha256, Instant hashStarted) {
    long cutoff = hashStarted.minus(RACY_WINDOW).toEpochMilli() * 1_000_000L;
    if (stat.mtimeNanos() < cutoff) {
      current.put(stat.path(), new Entry(stat.size(), stat.mtimeNanos(), sha256));
    }
  }

  /** Writes this resolution's entries (files gone since last time are dropped), if changed. */
  void save() {
    if (location == null || current.equals(known)) {
      return;
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(location.getParent(), ".genpipe-sha256-", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), toJson());
      Files.move(
          tmp, location, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
    }
  }

  private ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode().put("version", VERSION).put("folder", dir.toString());
    ObjectNode files = root.putObject("files");
    current.forEach(
        (path, e) ->
            files
                .putObject(path)
                .put("size", e.size())
                .put("mtime_ns", e.mtimeNanos())
                .put("sha256", e.sha256()));
    return root;
  }

  private static Map<String, Entry> load(Path location, Path dir) {
    Map<String, Entry> entries = new HashMap<>();
    try {
      if (!Files.isRegularFile(location)) {
        return entries;
      }
      JsonNode root = JSON.readTree(location.toFile());
      if (root.path("version").asInt() != VERSION
          || !dir.toString().equals(root.path("folder").asText())) {
        return entries;
      }
      root.path("files")
          .fields()
          .forEachRemaining(f -> addValid(entries, f.getKey(), f.getValue()));
    } catch (IOException | RuntimeException e) {
      entries.clear();
    }
    return entries;
  }

  private static void addValid(Map<String, Entry> entries, String path, JsonNode node) {
    String sha256 = node.path("sha256").asText();
    if (node.path("size").canConvertToLong()
        && node.path("mtime_ns").canConvertToLong()
        && Sha256.isHex(sha256)) {
      entries.put(
          path, new Entry(node.get("size").asLong(), node.get("mtime_ns").asLong(), sha256));
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a leftover hidden .tmp file is harmless: listings skip hidden files
      }
    }
  }
}
