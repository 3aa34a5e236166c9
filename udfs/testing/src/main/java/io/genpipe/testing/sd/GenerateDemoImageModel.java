package io.genpipe.testing.sd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Regenerates the committed demo image model: {@code GenerateDemoImageModel <output dir>}, normally
 * {@code datasets/demo/models/genpipe-tiny-sd} from the repository root. It is the tiny
 * Optimum-variant Stable Diffusion fixture: random weights, so its images are abstract colour
 * fields, but every part runs in the real contract.
 */
public final class GenerateDemoImageModel {
  public static final String DEMO_DIR = "datasets/demo/models/genpipe-tiny-sd";

  private GenerateDemoImageModel() {}

  public static Path write(Path dir) {
    return TinyStableDiffusion.write(dir, SdVariant.OPTIMUM);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: GenerateDemoImageModel <output dir>");
    }
    Path dir = write(Path.of(args[0]));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        System.out.println(f + " " + Files.size(f) + " bytes");
      }
    }
  }
}
