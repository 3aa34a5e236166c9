package io.genpipe.model;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** Rebuilds a model's files from its chunks (e.g. Spark broadcasts), one chunk at a time. */
public final class ChunkFetcher implements ModelFetcher {
  private final ChunkPlan plan;
  private final IntFunction<byte[]> chunks;

  public ChunkFetcher(ChunkPlan plan, IntFunction<byte[]> chunks) {
    this.plan = plan;
    this.chunks = chunks;
  }

  @Override
  public long fetchInto(Path staging) throws IOException {
    for (ModelFile f : plan.files()) {
      Path target = staging.resolve(f.path());
      Files.createDirectories(target.getParent());
      try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
        raf.setLength(f.size());
      }
    }
    long bytes = 0;
    for (int i = 0; i < plan.chunkCount(); i++) {
      byte[] chunk = chunks.apply(i);
      if (chunk.length != plan.chunkLength(i)) {
        throw new ModelException("chunk " + i + " has " + chunk.length + " bytes, expected "
            + plan.chunkLength(i) + "; the model's broadcast is inconsistent, rerun the job");
      }
      for (ChunkPlan.Piece p : plan.pieces(i)) {
        try (RandomAccessFile raf = new RandomAccessFile(staging.resolve(p.file().path()).toFile(), "rw")) {
          raf.seek(p.fileOffset());
          raf.write(chunk, p.chunkOffset(), p.length());
        }
      }
      bytes += chunk.length;
    }
    return bytes;
  }
}
