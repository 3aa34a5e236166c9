package io.genpipe.model.spark;

import java.util.Locale;

/** How model weights reach executors. */
public enum Distribution {
  /** Chunks of the files as Spark broadcasts; executors rebuild and verify them locally. */
  BROADCAST,
  /** Executors copy the files from the model's URI (any Hadoop filesystem) into their cache. */
  SHARED_STORAGE,
  /** Executors open the driver's local folder as is (local master, or a shared mount). */
  LOCAL_PATH;

  public static Distribution parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model-distribution must be broadcast, shared-storage or "
          + "local-path, got '" + value + "'");
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
