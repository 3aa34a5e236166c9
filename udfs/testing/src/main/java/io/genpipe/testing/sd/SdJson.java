package io.genpipe.testing.sd;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reproducible JSON files (two-space indent, "\n" line ends, {@code "key": value}, UTF-8, final
 * newline; maps keep insertion order), as {@code io.genpipe.testing.JsonFiles} writes them; that
 * class is package-private to {@code io.genpipe.testing}.
 */
final class SdJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SdJson() {}

  static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      String json = MAPPER.writer(new Printer()).writeValueAsString(value) + "\n";
      Files.write(file, json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A map with the given key/value pairs in order. */
  static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Printer();
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }
  }
}
