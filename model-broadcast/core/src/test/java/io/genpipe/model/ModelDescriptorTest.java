package io.genpipe.model;

import static io.genpipe.model.ModelResolverTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelDescriptorTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  private static ModelDescriptor descriptor(List<ModelFile> files, String sha256) {
    return new ModelDescriptor("m", "file:///m/", sha256, files, LicenseInfo.unknown(), null, null);
  }

  @Test
  void filesAreSortedByUtf8BytesAndDigestIsOrderIndependent() {
    List<ModelFile> files =
        List.of(new ModelFile("b", 2, B), new ModelFile("Z", 1, A), new ModelFile("é", 3, A));
    ModelDescriptor d = descriptor(files, ModelDescriptor.contentDigest(files));
    assertEquals(List.of("Z", "b", "é"), d.files().stream().map(ModelFile::path).toList());
    assertEquals(ModelDescriptor.contentDigest(d.files()), d.sha256());
    assertEquals(6, d.totalBytes());
    assertEquals(B, d.file("b").orElseThrow().sha256());
  }

  @Test
  void digestMustMatchFiles() {
    List<ModelFile> files = List.of(new ModelFile("a", 1, A));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> descriptor(files, B));
    assertContains(e, "model 'm'", "contentDigest");
  }

  @Test
  void duplicatePathsAndEmptyListsAreRejected() {
    List<ModelFile> twice = List.of(new ModelFile("a", 1, A), new ModelFile("a", 1, B));
    assertContains(
        assertThrows(
            IllegalArgumentException.class,
            () -> descriptor(twice, ModelDescriptor.contentDigest(twice))),
        "'a' twice");
    assertContains(
        assertThrows(
            IllegalArgumentException.class,
            () -> descriptor(List.of(), ModelDescriptor.contentDigest(List.of()))),
        "at least one file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/abs", "a\\b", "a//b", "./a", "a/../b", "a/", "line\nbreak"})
  void filePathsMustBeRelativeAndSlashSeparated(String path) {
    assertThrows(IllegalArgumentException.class, () -> new ModelFile(path, 1, A));
  }

  @Test
  void fileDigestMustBeLowercaseHex() {
    assertContains(
        assertThrows(IllegalArgumentException.class, () -> new ModelFile("a", 1, A.toUpperCase())),
        "sha256 of 'a'");
    assertThrows(IllegalArgumentException.class, () -> new ModelFile("a", -1, A));
  }

  @Test
  void licenceInfoRejectsBlankIdAndRelativeUrl() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LicenseInfo(" ", null, LicenseCategory.UNKNOWN, null, null, false));
    assertContains(
        assertThrows(
            IllegalArgumentException.class,
            () -> new LicenseInfo("MIT", "LICENSE", LicenseCategory.PERMISSIVE, null, null, false)),
        "absolute URL");
    assertThrows(IllegalArgumentException.class, () -> new LicenseOverride("", null));
  }
}
