package io.genpipe.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A content-addressed folder of models on an executor's local disk: {@code root/<model sha256>/}
 * holds the model's files, written once per host (a file lock serialises executors of one host,
 * a per-digest monitor the tasks of one JVM), every file verified against its sha256 before the
 * folder is published by an atomic rename. A file that fails verification is refused, naming it,
 * and nothing of the attempt is kept. Models are opened by path, so ONNX external data works.
 *
 * <p>A published folder is trusted by its marker and file sizes (hashing multi-GB weights on every
 * load would cost minutes), so the root must be private to this user: it is created owner-only,
 * and a root another user owns or others may write is not used (see {@link #privateRoot}).
 */
public final class LocalModelStore {
  static final String COMPLETE = ".genpipe-complete";
  private static final Map<String, Object> MONITORS = new ConcurrentHashMap<>();
  private static final AtomicLong MATERIALISED = new AtomicLong();
  private static final AtomicLong HITS = new AtomicLong();
  private static final AtomicLong BYTES_FETCHED = new AtomicLong();

  private final Path root;

  /**
   * @param root the configured cache folder; {@code {user}} in it stands for this JVM's user
   * @throws ModelException when neither the folder nor its per-user fallback can be made private
   */
  public LocalModelStore(Path root) {
    this.root = privateRoot(root);
  }

  /**
   * The folder a cache configured as {@code configured} really lives in: {@code {user}} replaced
   * by this JVM's user name; the folder itself if this user owns it and nobody else may write it
   * (created {@code rwx------} if absent), else {@code <folder>-<user>} on the same terms, with a
   * warning logged once (e.g. a {@code /tmp} path another user's executors created first).
   *
   * @throws ModelException naming both folders when neither is private to this user
   */
  public static Path privateRoot(Path configured) {
    return PrivateFolder.cacheRoot(configured);
  }

  /** The folder models are published in (see {@link #privateRoot}). */
  public Path root() {
    return root;
  }

  /**
   * A model's verified local folder and the bytes this call fetched for it (0 when the folder was
   * already published).
   */
  public record Materialised(Path dir, long bytesFetched) {}

  /** The verified local folder of {@code model}, fetching it first if this host lacks it. */
  public Path materialise(ModelDescriptor model, ModelFetcher fetcher) {
    return fetchIfMissing(model, fetcher).dir();
  }

  /** As {@link #materialise}, also telling how many bytes this call fetched. */
  public Materialised fetchIfMissing(ModelDescriptor model, ModelFetcher fetcher) {
    Path target = root.resolve(model.sha256());
    synchronized (MONITORS.computeIfAbsent(model.sha256(), k -> new Object())) {
      if (isComplete(target, model)) {
        HITS.incrementAndGet();
        return new Materialised(target, 0);
      }
      try {
        Files.createDirectories(root);
        try (FileChannel lockFile = FileChannel.open(root.resolve(model.sha256() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock()) {
          if (isComplete(target, model)) {
            HITS.incrementAndGet();
            return new Materialised(target, 0);
          }
          deleteTree(target);
          long bytes = fetchVerifyPublish(model, fetcher, target);
          MATERIALISED.incrementAndGet();
          return new Materialised(target, bytes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot materialise model " + model.modelId() + " under "
            + root + ": " + e.getMessage(), e);
      }
    }
  }

  private long fetchVerifyPublish(ModelDescriptor model, ModelFetcher fetcher, Path target)
      throws IOException {
    Path staging = Files.createTempDirectory(root, model.sha256() + ".staging-");
    try {
      long bytes = fetcher.fetchInto(staging);
      BYTES_FETCHED.addAndGet(bytes);
      for (ModelFile f : model.files()) {
        verify(model, f, staging.resolve(f.path()));
      }
      Files.writeString(staging.resolve(COMPLETE), model.sha256());
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, target);
      }
      return bytes;
    } finally {
      deleteTree(staging);
    }
  }

  private static void verify(ModelDescriptor model, ModelFile f, Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != f.size()) {
      throw new ModelException("model " + model.modelId() + " file " + f.path() + " arrived with "
          + (Files.isRegularFile(file) ? Files.size(file) + " bytes" : "no content")
          + ", expected " + f.size() + "; the cache entry was discarded");
    }
    String actual = sha256(file);
    if (!actual.equals(f.sha256())) {
      throw new ModelException("model " + model.modelId() + " file " + f.path()
          + " failed verification: sha256 " + actual + ", expected " + f.sha256()
          + "; the cache entry was discarded (was the model changed during the job?)");
    }
  }

  /** A published folder is complete when its marker names the digest and every size matches. */
  private static boolean isComplete(Path target, ModelDescriptor model) {
    try {
      if (!Files.isRegularFile(target.resolve(COMPLETE))
          || !Files.readString(target.resolve(COMPLETE)).equals(model.sha256())) {
        return false;
      }
      for (ModelFile f : model.files()) {
        Path p = target.resolve(f.path());
        if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = Sha256.newDigest();
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch = FileChannel.open(file)) {
      while (ch.read(buf) > 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return Sha256.hex(md.digest());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Models this JVM fetched and published. */
  public static long materialised() {
    return MATERIALISED.get();
  }

  /** Requests this JVM served from an already published folder. */
  public static long hits() {
    return HITS.get();
  }

  public static long bytesFetched() {
    return BYTES_FETCHED.get();
  }
}
