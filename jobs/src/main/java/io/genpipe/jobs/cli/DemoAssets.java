package io.genpipe.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo prompts and demo model bundled in the jar (from {@code datasets/demo/}), copied to a
 * local folder so that Spark and ONNX Runtime can open them by path.
 */
final class DemoAssets {
  static final String ROOT = "io/genpipe/demo/dataset";
  static final String PROMPTS = "prompts.parquet";
  static final String MODEL = "models/genpipe-tiny-lm";
  static final String IMAGE_MODEL = "models/genpipe-tiny-sd";

  private DemoAssets() {}

  /** Copies the bundled demo folder into {@code target} and returns it. */
  static Path extract(Path target) {
    URL url = DemoAssets.class.getClassLoader().getResource(ROOT);
    if (url == null) {
      throw new IllegalStateException("demo assets missing from the classpath (" + ROOT
          + "); rebuild genpipe with `mvn package`");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copyTree(jar.getPath(ROOT), target);
        }
      } else {
        copyTree(Path.of(uri), target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract demo assets to " + target, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          try (InputStream in = Files.newInputStream(f)) {
            Files.copy(in, dest);
          }
        }
      }
    }
  }
}
