/**
 * Model descriptors, resolved on the driver before any executor work.
 *
 * <p>{@link io.genpipe.model.ModelResolver#resolve(java.nio.file.Path)} turns a local model folder
 * (the exporter's own layout plus a Hugging Face model card {@code README.md}) into a small,
 * serialisable {@link io.genpipe.model.ModelDescriptor}: every file with its SHA-256, a content
 * digest for the whole model, the licence facts ({@link io.genpipe.model.LicenseInfo}) the licence
 * gate and provenance need, and the model family. Nothing here depends on Spark or Hadoop.
 *
 * <p>File digests are cached across runs, keyed by (relative path, size, mtime), in {@code
 * .genpipe-sha256.json} inside a writable model folder or else under {@code
 * ${java.io.tmpdir}/genpipe-digests/}; see {@code DigestCache}.
 */
package io.genpipe.model;
