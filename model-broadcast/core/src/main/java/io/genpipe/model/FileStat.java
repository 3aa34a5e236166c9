package io.genpipe.model;

import java.nio.file.Path;

/**
 * A listed model file and the attributes the digest cache keys on.
 *
 * @param path relative, {@code '/'}-separated
 * @param file where to read it
 * @param size in bytes
 * @param mtimeNanos last-modified time, nanoseconds since the epoch (as precise as the file system
 *     records it)
 */
record FileStat(String path, Path file, long size, long mtimeNanos) {}
