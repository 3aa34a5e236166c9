package io.genpipe.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's files laid end to end (in {@link ModelDescriptor#files()} order) and cut into chunks of
 * at most {@code chunkBytes}: the unit in which weights travel to executors. Chunks stay far below
 * the 2 GB limit of a Java array or a Spark block, whatever the size of the model or of one file.
 */
public record ChunkPlan(List<ModelFile> files, long chunkBytes) implements Serializable {
  /** 2 GB minus headroom: the largest chunk a byte array can hold. */
  public static final long MAX_CHUNK_BYTES = Integer.MAX_VALUE - 1024;

  public ChunkPlan {
    files = List.copyOf(files);
    if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException("chunk size must be in [1, " + MAX_CHUNK_BYTES
          + "] bytes, got " + chunkBytes);
    }
  }

  public long totalBytes() {
    return files.stream().mapToLong(ModelFile::size).sum();
  }

  public int chunkCount() {
    return Math.toIntExact((totalBytes() + chunkBytes - 1) / chunkBytes);
  }

  public long chunkStart(int index) {
    return index * chunkBytes;
  }

  public int chunkLength(int index) {
    return (int) Math.min(chunkBytes, totalBytes() - chunkStart(index));
  }

  /** A piece of one file inside a chunk. */
  public record Piece(ModelFile file, long fileOffset, int chunkOffset, int length) {}

  /** The file pieces chunk {@code index} covers, in order. */
  public List<Piece> pieces(int index) {
    long start = chunkStart(index);
    long end = start + chunkLength(index);
    List<Piece> out = new ArrayList<>();
    long fileStart = 0;
    for (ModelFile f : files) {
      long fileEnd = fileStart + f.size();
      long from = Math.max(start, fileStart);
      long to = Math.min(end, fileEnd);
      if (from < to) {
        out.add(new Piece(f, from - fileStart, (int) (from - start), (int) (to - from)));
      }
      fileStart = fileEnd;
    }
    return out;
  }
}
