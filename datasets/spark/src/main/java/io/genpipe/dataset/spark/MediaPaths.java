package io.genpipe.dataset.spark;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Where media objects live under an output prefix {@code OUT}, and the checks that keep every key
 * inside it: {@code OUT/media/<task>/<output_id>.<ext>} for published objects and {@code
 * OUT/media/_staging/<task>/<output_id>.<attempt>} for an attempt's upload before it is published.
 *
 * <p>Task, output id and extension become parts of object keys, so each is checked against a
 * strict pattern (a caller's mistake is an {@link IllegalArgumentException} naming the value), and
 * the built key is then verified to lie directly under {@code OUT/media/<task>/}.
 */
public final class MediaPaths {
  public static final String MEDIA = "media";
  public static final String STAGING = "_staging";
  private static final Pattern OUTPUT_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TASK = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,16}");

  private final Path media;

  public MediaPaths(String outPrefix) {
    if (outPrefix == null || outPrefix.isBlank()) {
      throw new IllegalArgumentException("output prefix is null or blank; pass the job's OUT");
    }
    this.media = new Path(new Path(outPrefix), MEDIA);
  }

  /** {@code OUT/media}. */
  public Path media() {
    return media;
  }

  /** {@code OUT/media/_staging}: attempts' uploads, never referenced by a manifest. */
  public Path staging() {
    return new Path(media, STAGING);
  }

  /** {@code OUT/media/<task>/<outputId>.<extension>}, after checking each part. */
  public Path published(String task, String outputId, String extension) {
    Path dir = new Path(media, checkTask(task));
    return inside(dir, new Path(dir, checkOutputId(outputId) + "." + checkExtension(extension)));
  }

  /** {@code OUT/media/_staging/<task>/<outputId>.<random attempt id>}: unique to one upload. */
  public Path stagingFor(String task, String outputId) {
    Path dir = new Path(staging(), checkTask(task));
    return inside(dir, new Path(dir, checkOutputId(outputId) + "." + UUID.randomUUID()));
  }

  static String checkOutputId(String id) {
    if (id != null && OUTPUT_ID.matcher(id).matches()) {
      return id;
    }
    throw new IllegalArgumentException(pathLike(id)
        ? "output id '" + id + "' looks like a path (it holds '/', '\\', '..', '%' or ':'): media "
            + "keys are OUT/media/<task>/<output_id>.<ext> and may not leave OUT/media/<task>/; "
            + "pass the manifest row's output_id (64 lowercase hex characters)"
        : "output id '" + id + "' is not 64 lowercase hex characters; pass the manifest row's "
            + "output_id (a sha256)");
  }

  static String checkTask(String task) {
    if (task != null && TASK.matcher(task).matches()) {
      return task;
    }
    throw new IllegalArgumentException("task '" + task + "' cannot name a media folder: use a "
        + "lowercase task name such as text, image or music (letters, digits, '-'; at most 32)");
  }

  static String checkExtension(String extension) {
    if (extension != null && EXTENSION.matcher(extension).matches()) {
      return extension;
    }
    throw new IllegalArgumentException("extension '" + extension + "' must be 1-16 lowercase "
        + "letters or digits without the dot, e.g. png or wav");
  }

  /** Verifies that {@code file} lies directly in {@code dir} once the path is normalised. */
  private static Path inside(Path dir, Path file) {
    String parent = dir.toUri().normalize().getPath();
    String child = file.toUri().normalize().getPath();
    if (!dir.equals(file.getParent()) || !child.startsWith(parent + "/")
        || child.substring(parent.length() + 1).contains("/")) {
      throw new IllegalArgumentException("media key " + file + " is not directly under " + dir);
    }
    return file;
  }

  private static boolean pathLike(String s) {
    if (s == null) {
      return false;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.contains("/") || lower.contains("\\") || lower.contains("..")
        || lower.contains("%") || lower.contains(":") || lower.startsWith("~");
  }
}
