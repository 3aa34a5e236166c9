package io.genpipe.udf.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Assembles one manifest row: named manifest fields, then the pass-through values. */
final class ManifestRowBuilder {
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<Object> passThrough = new ArrayList<>();

  ManifestRowBuilder() {
    ManifestSchema.FIELDS.keySet().forEach(k -> values.put(k, null));
  }

  ManifestRowBuilder set(String field, Object value) {
    if (!values.containsKey(field)) {
      throw new IllegalArgumentException("not a manifest field: " + field);
    }
    values.put(field, value);
    return this;
  }

  ManifestRowBuilder passThrough(Object value) {
    passThrough.add(value);
    return this;
  }

  Row build() {
    List<Object> all = new ArrayList<>(values.values());
    all.addAll(passThrough);
    return RowFactory.create(all.toArray());
  }
}
