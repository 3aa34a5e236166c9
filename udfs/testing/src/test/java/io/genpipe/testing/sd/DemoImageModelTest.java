package io.genpipe.testing.sd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed demo image model is exactly what the generator writes. */
class DemoImageModelTest {
  @Test
  void committedDemoImageModelEqualsAFreshlyGeneratedOne(@TempDir Path tmp) throws Exception {
    String repo = System.getProperty("genpipe.repo.dir");
    assumeTrue(repo != null && !repo.isBlank(), "genpipe.repo.dir not set: committed demo model not checked");
    Path committed = Path.of(repo).resolve(GenerateDemoImageModel.DEMO_DIR);
    Path fresh = GenerateDemoImageModel.write(tmp.resolve("fresh"));
    List<String> names = files(fresh);
    assertEquals(names, files(committed), "regenerate with GenerateDemoImageModel " + GenerateDemoImageModel.DEMO_DIR);
    for (String n : names) {
      assertArrayEquals(Files.readAllBytes(fresh.resolve(n)), Files.readAllBytes(committed.resolve(n)),
          n + " differs; regenerate with GenerateDemoImageModel " + GenerateDemoImageModel.DEMO_DIR);
    }
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
