package io.genpipe.model;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model resolved on the driver: its identity, every file with its digest, and its licence. Small
 * and serialisable, so that it can travel in task closures while the weights travel separately.
 *
 * <p><b>Content digest.</b> {@code sha256} identifies the model's content as a whole. It is the
 * SHA-256 of the UTF-8 bytes of one line {@code path + "\0" + sha256 + "\n"} per file, files in
 * {@link #PATH_ORDER} (byte order of the UTF-8 paths, the same as Unicode code-point order and as
 * {@code LC_ALL=C sort}). So it changes when any file is added, removed, renamed or changed, and
 * does not depend on where the folder lies or on file times. A shell equivalent, in the folder:
 *
 * <pre>{@code
 * find -L . -type f ! -path '*}{@code /.*' -printf '%P\n' | LC_ALL=C sort \
 *   | while IFS= read -r p; do printf '%s\0%s\n' "$p" "$(sha256sum "$p" | cut -c1-64)"; done \
 *   | sha256sum
 * }</pre>
 *
 * @param modelId card {@code model_id} or {@code name}, else the folder name
 * @param uri where the folder was resolved, e.g. {@code file:///models/tiny/}
 * @param sha256 the content digest described above; checked against {@code files}
 * @param files every file, sorted by {@link #PATH_ORDER}; at least one
 * @param license licence facts from the card or a job override
 * @param pipelineTag card {@code pipeline_tag} ({@code text-generation}, ...), or null
 * @param family {@code model_type} from {@code config.json} ({@code llama}, {@code gpt2}, ...), or
 *     null
 */
public record ModelDescriptor(
    String modelId,
    String uri,
    String sha256,
    List<ModelFile> files,
    LicenseInfo license,
    String pipelineTag,
    String family)
    implements Serializable {

  /** Order of {@link #files}: by the UTF-8 bytes of the path, unsigned. */
  public static final Comparator<String> PATH_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  public ModelDescriptor {
    requireText(modelId, "modelId");
    requireText(uri, "uri of model '" + modelId + "'");
    Objects.requireNonNull(license, "license");
    files = sortedUnique(files, modelId);
    String expected = contentDigest(files);
    if (!expected.equals(sha256)) {
      throw new IllegalArgumentException(
          "sha256 of model '"
              + modelId
              + "' is '"
              + sha256
              + "' but its files digest to "
              + expected
              + "; compute it with ModelDescriptor.contentDigest(files)");
    }
  }

  /** This descriptor with other licence facts (a job's override); the content is unchanged. */
  public ModelDescriptor withLicense(LicenseInfo newLicense) {
    return new ModelDescriptor(modelId, uri, sha256, files, newLicense, pipelineTag, family);
  }

  /** The content digest of a set of files, as described in the class comment. */
  public static String contentDigest(Collection<ModelFile> files) {
    MessageDigest digest = Sha256.newDigest();
    files.stream()
        .sorted(Comparator.comparing(ModelFile::path, PATH_ORDER))
        .map(f -> f.path() + '\0' + f.sha256() + '\n')
        .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
    return Sha256.hex(digest.digest());
  }

  /** The file with this relative, {@code '/'}-separated path, if the model has it. */
  public Optional<ModelFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** Sum of all file sizes, in bytes. */
  public long totalBytes() {
    return files.stream().mapToLong(ModelFile::size).sum();
  }

  private static List<ModelFile> sortedUnique(List<ModelFile> files, String modelId) {
    if (files == null || files.isEmpty() || files.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "model '" + modelId + "' must have at least one file and no null files, got " + files);
    }
    List<ModelFile> sorted =
        List.copyOf(
            files.stream().sorted(Comparator.comparing(ModelFile::path, PATH_ORDER)).toList());
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).path().equals(sorted.get(i - 1).path())) {
        throw new IllegalArgumentException(
            "model '" + modelId + "' lists file '" + sorted.get(i).path() + "' twice");
      }
    }
    return sorted;
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
    }
  }
}
