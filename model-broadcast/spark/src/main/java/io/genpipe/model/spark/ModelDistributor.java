package io.genpipe.model.spark;

import io.genpipe.model.ChunkPlan;
import io.genpipe.model.ModelDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Driver side: turns a resolved model into a {@link DistributedModel}. In broadcast mode the files
 * are read chunk by chunk (never the whole model in one array) and each chunk becomes one Spark
 * broadcast.
 */
public final class ModelDistributor {
  /** Default chunk: 256 MB, far below Spark's and Java's 2 GB limits. */
  public static final long CHUNK_BYTES_DEFAULT = 256L << 20;

  private ModelDistributor() {}

  public static DistributedModel distribute(JavaSparkContext sc, ModelDescriptor d, Path localDir,
      String uri, Distribution mode, long chunkBytes) {
    ChunkPlan plan = new ChunkPlan(d.files(), chunkBytes);
    return switch (mode) {
      case LOCAL_PATH -> new DistributedModel(d, mode, localDir.toString(), plan, List.of());
      case SHARED_STORAGE -> new DistributedModel(d, mode, uri, plan, List.of());
      case BROADCAST -> new DistributedModel(d, mode, localDir.toString(), plan,
          broadcastChunks(sc, plan, localDir));
    };
  }

  private static List<Broadcast<byte[]>> broadcastChunks(JavaSparkContext sc, ChunkPlan plan,
      Path dir) {
    List<Broadcast<byte[]>> out = new ArrayList<>(plan.chunkCount());
    for (int i = 0; i < plan.chunkCount(); i++) {
      out.add(sc.broadcast(readChunk(plan, i, dir)));
    }
    return out;
  }

  static byte[] readChunk(ChunkPlan plan, int index, Path dir) {
    byte[] chunk = new byte[plan.chunkLength(index)];
    for (ChunkPlan.Piece p : plan.pieces(index)) {
      try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(p.file().path()).toFile(), "r")) {
        raf.seek(p.fileOffset());
        raf.readFully(chunk, p.chunkOffset(), p.length());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p.file().path() + " of model folder " + dir
            + " for broadcast: " + e.getMessage(), e);
      }
    }
    return chunk;
  }
}
