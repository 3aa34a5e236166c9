package io.genpipe.onnx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only real-model fixtures of ../shared (never copied into the repository). */
final class SharedModels {
  private SharedModels() {}

  /** tinystories-260k in place, or a skipped test with the reason. */
  static Path tinyStories() {
    String shared = System.getProperty("genpipe.shared.dir", "../shared");
    Path dir = Path.of(shared, "models", "tinystories-260k").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(dir.resolve("model.onnx")),
        "tinystories-260k not found at " + dir + "; shared real-model fixtures absent, parity test skipped");
    return dir;
  }
}
