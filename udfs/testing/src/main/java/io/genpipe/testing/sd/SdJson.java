package io.genpipe.testing.sd;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reproducible JSON files for the SD fixtures, through {@link io.genpipe.testing.JsonFiles}. */
final class SdJson {
  private SdJson() {}

  static void write(Path file, Object value) {
    io.genpipe.testing.JsonFiles.write(file, value);
  }

  /** A map with the given key/value pairs in order. */
  static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
