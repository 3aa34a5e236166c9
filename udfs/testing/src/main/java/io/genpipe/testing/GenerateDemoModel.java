package io.genpipe.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Regenerates the committed demo model: {@code GenerateDemoModel <output dir>}, normally
 * {@code datasets/demo/models/genpipe-tiny-lm} from the repository root.
 */
public final class GenerateDemoModel {

  private GenerateDemoModel() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: GenerateDemoModel <output dir>, got " + args.length + " args");
    }
    Path dir = DemoModels.writeDemoTextModel(Path.of(args[0]));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        System.out.println(f + " " + Files.size(f) + " bytes");
      }
    }
  }
}
