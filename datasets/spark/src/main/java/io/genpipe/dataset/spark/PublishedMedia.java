package io.genpipe.dataset.spark;

/**
 * A media object as {@link MediaStore} left it; the facts the manifest row records.
 *
 * @param uri fully qualified URI of {@code OUT/media/<task>/<output_id>.<ext>} ({@code object_uri})
 * @param byteSize the object's size in bytes ({@code byte_size})
 * @param sha256 hex SHA-256 of the bytes ({@code sha256})
 * @param alreadyPublished true when an earlier attempt had published this output id: this attempt
 *     wrote nothing at the final key
 * @param metadataStored true when the object carries the user metadata ({@code s3a://}); false on
 *     filesystems without object metadata
 */
public record PublishedMedia(String uri, long byteSize, String sha256, boolean alreadyPublished,
    boolean metadataStored) {}
