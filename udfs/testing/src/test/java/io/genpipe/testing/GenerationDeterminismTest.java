package io.genpipe.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation is byte-for-byte reproducible, and the committed demo model is what the code generates. */
class GenerationDeterminismTest {

  static final String DEMO_DIR = "datasets/demo/models/" + DemoModels.DEMO_MODEL_ID;

  @Test
  void everyVariantIsWrittenIdenticallyTwice(@TempDir Path dir) throws Exception {
    for (DecoderVariant variant : DecoderVariant.values()) {
      Path a = TinyDecoderModels.write(dir.resolve("a-" + variant), variant);
      Path b = TinyDecoderModels.write(dir.resolve("b-" + variant), variant);
      assertSameFiles(a, b);
    }
  }

  @Test
  void theSeedChangesTheWeights(@TempDir Path dir) throws Exception {
    Path a = TinyDecoderModels.write(dir.resolve("a"), DecoderVariant.STANDARD, 1L);
    Path b = TinyDecoderModels.write(dir.resolve("b"), DecoderVariant.STANDARD, 2L);
    assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("model.onnx")), Files.readAllBytes(b.resolve("model.onnx"))));
  }

  @Test
  void committedDemoModelEqualsAFreshlyGeneratedOne(@TempDir Path dir) throws Exception {
    String repo = System.getProperty("genpipe.repo.dir");
    assumeTrue(repo != null && !repo.isBlank(),
        "system property genpipe.repo.dir is not set (surefire sets it to the repository root): "
            + "skipping the check of the committed " + DEMO_DIR);
    Path committed = Path.of(repo).resolve(DEMO_DIR);
    assertTrue(Files.isDirectory(committed), committed + " is missing: run " + regenerateHint());
    Path fresh = DemoModels.writeDemoTextModel(dir.resolve("fresh"));
    assertSameFiles(fresh, committed);
    Path again = DemoModels.writeDemoTextModel(dir.resolve("again"));
    assertSameFiles(fresh, again);
  }

  static String regenerateHint() {
    return "java -cp udfs/testing/target/classes:<deps> io.genpipe.testing.GenerateDemoModel " + DEMO_DIR;
  }

  private static void assertSameFiles(Path expected, Path actual) throws Exception {
    assertEquals(DecoderContractTest.fileNames(expected), DecoderContractTest.fileNames(actual), actual.toString());
    for (String name : DecoderContractTest.fileNames(expected)) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
          actual.resolve(name) + " differs from the generator's output; regenerate with " + regenerateHint());
    }
  }
}
