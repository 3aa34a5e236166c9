package io.genpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Resolves the real shared fixture in place (never copied). Skipped where the shared folder is
 * absent; surefire sets {@code genpipe.shared.dir}.
 */
class TinyStoriesFixtureTest {

  private static Path fixture() {
    Path dir =
        Path.of(
            System.getProperty("genpipe.shared.dir", "../shared"), "models", "tinystories-260k");
    assumeTrue(
        Files.isDirectory(dir),
        "tinystories-260k not found at " + dir.toAbsolutePath() + "; shared fixtures absent");
    return dir;
  }

  @Test
  void resolvesLicenceFamilyAndFiles() {
    Path dir = fixture();
    ModelDescriptor d = ModelResolver.resolve(dir);

    assertEquals("tinystories-260k", d.modelId());
    assertEquals(
        new LicenseInfo(
            "MIT",
            "https://spdx.org/licenses/MIT.html",
            LicenseCategory.PERMISSIVE,
            "karpathy/tinyllamas",
            null,
            false),
        d.license());
    assertEquals("text-generation", d.pipelineTag());
    assertEquals("llama", d.family());
    assertTrue(d.files().size() >= 9, "files: " + d.files());
    assertTrue(d.file("model.onnx").isPresent());
    // README.md of the fixture gives this checkpoint's digest as b0a507e7…2696.
    String checkpoint = d.file("original/stories260K.bin").orElseThrow().sha256();
    assertTrue(checkpoint.startsWith("b0a507e7") && checkpoint.endsWith("2696"), checkpoint);

    assertEquals(d, ModelResolver.resolve(dir), "a second resolve gives the same descriptor");
    ModelResolver.verifyPinned(d, d.sha256());
    assertFalse(Files.exists(dir.resolve(DigestCache.FILE_NAME)), "read-only fixture was written");
  }
}
