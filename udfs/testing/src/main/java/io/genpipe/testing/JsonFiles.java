package io.genpipe.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes JSON byte-for-byte reproducibly on every platform: two-space indent, {@code "\n"}
 * line ends (Jackson's default indenter uses the platform separator), {@code "key": value}
 * like Python's json.dump, UTF-8, trailing newline. Maps keep their insertion order.
 */
public final class JsonFiles {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonFiles() {}

  /** Writes {@code value} to {@code file}, creating its folder. */
  public static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      String json = MAPPER.writer(new Printer()).writeValueAsString(value) + "\n";
      Files.write(file, json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
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
