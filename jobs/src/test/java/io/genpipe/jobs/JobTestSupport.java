package io.genpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Prompt files for job tests. */
final class JobTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobTestSupport() {}

  /** One JSON object per row; values may be null (written as JSON null). */
  static Path jsonl(Path file, List<Map<String, Object>> rows) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> row : rows) {
      ObjectNode n = JSON.createObjectNode();
      row.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
      sb.append(n).append('\n');
    }
    try {
      Files.writeString(file, sb.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
