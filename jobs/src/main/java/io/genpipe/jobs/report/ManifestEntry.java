package io.genpipe.jobs.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One manifest row as the report sees it: column name to value (strings, numbers, booleans),
 * null columns left out, in the manifest's column order. Pass-through columns are kept, so that
 * they show up in the row's provenance details.
 */
public final class ManifestEntry {
  private final Map<String, Object> values;

  public ManifestEntry(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v != null) {
        copy.put(k, v);
      }
    });
    this.values = Collections.unmodifiableMap(copy);
  }

  /** Convenience for tests: alternating names and values. */
  public static ManifestEntry of(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new ManifestEntry(m);
  }

  public Map<String, Object> values() {
    return values;
  }

  /** The column as text, or null when absent. */
  public String str(String column) {
    Object v = values.get(column);
    return v == null ? null : v.toString();
  }

  /** The column as a number, or null when absent or not numeric. */
  public Long num(String column) {
    Object v = values.get(column);
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  public String promptId() {
    String id = str("prompt_id");
    return id == null ? "" : id;
  }
}
