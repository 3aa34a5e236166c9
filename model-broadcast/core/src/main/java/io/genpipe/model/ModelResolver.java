package io.genpipe.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Resolves a local model folder into a {@link ModelDescriptor} on the driver: lists its files,
 * digests them (through {@link DigestCache}, so an unchanged folder is not read again), and reads
 * the licence and identity from its model card ({@code README.md} front matter) and its family from
 * {@code config.json}.
 *
 * <p>Files: regular files at any depth, symbolic links followed; names starting with {@code '.'}
 * (hidden files and folders, including the digest cache {@code .genpipe-sha256.json}) are not part
 * of the model. File content is hashed streamed, {@value Sha256#BUFFER_BYTES} bytes at a time.
 */
public final class ModelResolver {
  private ModelResolver() {}

  /** Resolves {@code dir} with the licence its model card declares. */
  public static ModelDescriptor resolve(Path dir) {
    return resolve(dir, null);
  }

  /**
   * Resolves {@code dir}; a non-null {@code override} replaces the card's licence and URL and is
   * recorded as {@link LicenseInfo#overridden()}.
   *
   * @throws ModelException when the folder is missing, not a folder, has no files or cannot be
   *     read, or when its {@code README.md} front matter or {@code config.json} is malformed
   */
  public static ModelDescriptor resolve(Path dir, LicenseOverride override) {
    return resolve(
        dir, override, Sha256.streaming(), Path.of(System.getProperty("java.io.tmpdir")));
  }

  static ModelDescriptor resolve(
      Path dir, LicenseOverride override, FileHasher hasher, Path tmpRoot) {
    Path real = checkFolder(dir);
    List<FileStat> stats = ModelFolder.list(real);
    if (stats.isEmpty()) {
      throw new ModelException(
          "Model folder "
              + real
              + " has no model files (hidden files such as "
              + DigestCache.FILE_NAME
              + " do not count). Fix: export or download the model into"
              + " it, or pass the folder that holds the model.");
    }
    DigestCache cache = DigestCache.open(real, tmpRoot);
    List<ModelFile> files = FolderDigests.compute(stats, cache, hasher);
    cache.save();
    ModelCard card = ModelCard.read(real);
    LicenseInfo license =
        override == null
            ? card.license()
            : override.apply(card.baseModel(), card.baseModelRelation());
    String modelId = card.modelId() != null ? card.modelId() : folderName(dir, real);
    return new ModelDescriptor(
        modelId,
        real.toUri().toString(),
        ModelDescriptor.contentDigest(files),
        files,
        license,
        card.pipelineTag(),
        ModelConfig.family(real));
  }

  /**
   * Checks that a model still has the content it was pinned to.
   *
   * @param pinnedSha256 the expected {@link ModelDescriptor#sha256()}, 64 hex characters
   * @throws ModelException naming the model, the expected and the actual digest when they differ
   * @throws IllegalArgumentException when {@code pinnedSha256} is not a SHA-256 hex string
   */
  public static void verifyPinned(ModelDescriptor descriptor, String pinnedSha256) {
    Objects.requireNonNull(descriptor, "descriptor");
    String pinned = pinnedSha256 == null ? null : pinnedSha256.strip().toLowerCase(Locale.ROOT);
    Sha256.requireHex(pinned, "pinned sha256 of model '" + descriptor.modelId() + "'");
    if (!pinned.equals(descriptor.sha256())) {
      throw new ModelException(
          "Model '"
              + descriptor.modelId()
              + "' at "
              + descriptor.uri()
              + " does not match its pinned content digest: expected "
              + pinned
              + ", actual "
              + descriptor.sha256()
              + ". A file was added, removed or changed since it was"
              + " pinned. Fix: restore the pinned files, or, if the change is intended, update"
              + " the pin to "
              + descriptor.sha256()
              + ".");
    }
  }

  private static Path checkFolder(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.exists(abs)) {
      throw new ModelException(
          "Model folder not found: "
              + abs
              + ". Fix: pass the folder that holds the exported"
              + " model (model.onnx, config.json, README.md, ...), or export or download the"
              + " model there first.");
    }
    if (!Files.isDirectory(abs)) {
      throw new ModelException(
          "Model path is not a folder: "
              + abs
              + ". Fix: pass the folder that holds the model"
              + " ("
              + abs.getParent()
              + "?), not a file inside it.");
    }
    try {
      return abs.toRealPath();
    } catch (IOException e) {
      throw new ModelException("Cannot resolve model folder " + abs + ": " + e, e);
    }
  }

  private static String folderName(Path dir, Path real) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return (name != null ? name : real).toString();
  }
}
