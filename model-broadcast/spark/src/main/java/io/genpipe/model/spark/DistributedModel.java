package io.genpipe.model.spark;

import io.genpipe.model.ChunkFetcher;
import io.genpipe.model.ChunkPlan;
import io.genpipe.model.LocalModelStore;
import io.genpipe.model.ModelDescriptor;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model as task closures carry it: the descriptor and how to get the bytes (broadcast handles of
 * the weight chunks, the shared URI, or a local path) — never the weights themselves.
 *
 * @param location the driver's local folder (local-path) or the model URI (shared-storage)
 * @param chunks broadcast handles, in chunk order (broadcast mode), else empty
 */
public record DistributedModel(ModelDescriptor descriptor, Distribution distribution,
    String location, ChunkPlan plan, List<Broadcast<byte[]>> chunks) implements Serializable {

  public DistributedModel {
    chunks = List.copyOf(chunks);
  }

  /** The local folder to open on this executor, materialised into {@code cacheRoot} if needed. */
  public Path localFolder(Path cacheRoot) {
    return materialise(cacheRoot).dir();
  }

  /** As {@link #localFolder}, also telling the bytes fetched into {@code cacheRoot} (0: none). */
  public LocalModelStore.Materialised materialise(Path cacheRoot) {
    return switch (distribution) {
      case LOCAL_PATH -> new LocalModelStore.Materialised(Path.of(location), 0);
      case BROADCAST -> new LocalModelStore(cacheRoot).fetchIfMissing(descriptor,
          new ChunkFetcher(plan, i -> chunks.get(i).value()));
      case SHARED_STORAGE -> new LocalModelStore(cacheRoot).fetchIfMissing(descriptor,
          new HadoopFolderFetcher(location, descriptor.files()));
    };
  }

  /** Frees the broadcast blocks on the driver and executors (after the job). */
  public void release() {
    chunks.forEach(b -> b.destroy());
  }
}
