package io.genpipe.model;

import java.io.IOException;
import java.nio.file.Path;

/** Writes every file of a model under a staging folder (relative paths as in the descriptor). */
@FunctionalInterface
public interface ModelFetcher {
  /** @return bytes fetched */
  long fetchInto(Path staging) throws IOException;
}
