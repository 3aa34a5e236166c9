package io.genpipe.model;

import static io.genpipe.model.Fixtures.smallModel;
import static io.genpipe.model.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {
  /** sha256sum of "hello\n". */
  private static final String HELLO =
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  /**
   * The smallModel folder digested by the shell command in ModelDescriptor's class comment (find |
   * LC_ALL=C sort | printf '%s\0%s\n' | sha256sum), an oracle independent of this code.
   */
  private static final String SMALL_MODEL =
      "bc61ad63bef1b4892d0dd4cca14417305d245060c304fbbd44d8e9347fe38501";

  @TempDir Path tmp;

  private ModelDescriptor resolve(Path dir) {
    return ModelResolver.resolve(dir, null, Sha256.streaming(), tmp.resolve("tmpdir"));
  }

  @Test
  void fileDigestIsSha256OfContent() {
    ModelDescriptor d = resolve(smallModel(tmp.resolve("m")));
    assertEquals(HELLO, d.file("a.txt").orElseThrow().sha256());
    assertEquals(6, d.file("a.txt").orElseThrow().size());
  }

  @Test
  void contentDigestMatchesShellOracleAndSkipsHiddenFiles() {
    ModelDescriptor d = resolve(smallModel(tmp.resolve("m")));
    assertEquals(SMALL_MODEL, d.sha256());
    assertEquals(
        List.of("B.txt", "a.txt", "sub/b.bin"), d.files().stream().map(ModelFile::path).toList());
    assertEquals(6 + 3 + 1, d.totalBytes());
    assertTrue(d.file(".hidden").isEmpty());
    assertTrue(d.file(DigestCache.FILE_NAME).isEmpty());
  }

  @Test
  void contentDigestChangesWithAnyFile() {
    Path dir = smallModel(tmp.resolve("m"));
    String before = resolve(dir).sha256();
    write(dir, "extra.json", "{}");
    assertFalse(before.equals(resolve(dir).sha256()));
  }

  @Test
  void noCardMeansUnknownLicenceAndFolderNameAsId() {
    ModelDescriptor d = resolve(smallModel(tmp.resolve("my-model")));
    assertEquals("my-model", d.modelId());
    assertEquals(LicenseInfo.unknown(), d.license());
    assertNull(d.pipelineTag());
    assertNull(d.family());
    assertTrue(d.uri().startsWith("file:/") && d.uri().endsWith("/my-model/"), d.uri());
  }

  @Test
  void cardAndConfigFillIdentityLicenceAndFamily() {
    Path dir = smallModel(tmp.resolve("m"));
    write(
        dir,
        "README.md",
        "---\r\nlicense: cc-by-nc-4.0\r\nmodel_id: acme/music-small\r\n"
            + "base_model: [facebook/a, facebook/b]\r\nbase_model_relation: merge\r\n"
            + "pipeline_tag: text-to-audio\r\n---\r\n# Card\r\n");
    write(dir, "config.json", "{\"model_type\": \"musicgen\", \"hidden_size\": 8}");
    ModelDescriptor d = resolve(dir);
    assertEquals("acme/music-small", d.modelId());
    assertEquals("text-to-audio", d.pipelineTag());
    assertEquals("musicgen", d.family());
    assertEquals(
        new LicenseInfo(
            "CC-BY-NC-4.0",
            "https://spdx.org/licenses/CC-BY-NC-4.0.html",
            LicenseCategory.NON_COMMERCIAL,
            "facebook/a,facebook/b",
            "merge",
            false),
        d.license());
  }

  @Test
  void cardNameIsUsedWithoutModelId() {
    Path dir = smallModel(tmp.resolve("m"));
    write(
        dir,
        "README.md",
        "---\nname: tiny\nlicense: other\nlicense_name: acme-model-license\n"
            + "license_link: https://acme.example/license\n---\n");
    ModelDescriptor d = resolve(dir);
    assertEquals("tiny", d.modelId());
    assertEquals("LicenseRef-acme-model-license", d.license().license());
    assertEquals("https://acme.example/license", d.license().licenseUrl());
    assertEquals(LicenseCategory.UNKNOWN, d.license().category());
  }

  @Test
  void overrideReplacesCardLicenceButKeepsBaseModel() {
    Path dir = smallModel(tmp.resolve("m"));
    write(
        dir,
        "README.md",
        "---\nlicense: other\nbase_model: meta-llama/Llama-3.2-1B\n"
            + "base_model_relation: quantized\n---\n");
    ModelDescriptor d =
        ModelResolver.resolve(dir, LicenseOverride.of("llama3.2"), Sha256.streaming(), tmp);
    assertEquals(
        new LicenseInfo(
            "LicenseRef-llama3.2",
            "https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE",
            LicenseCategory.USE_RESTRICTED,
            "meta-llama/Llama-3.2-1B",
            "quantized",
            true),
        d.license());
    ModelDescriptor withUrl =
        ModelResolver.resolve(
            dir,
            new LicenseOverride("mit", "https://example.org/LICENSE"),
            Sha256.streaming(),
            tmp);
    assertEquals("MIT", withUrl.license().license());
    assertEquals("https://example.org/LICENSE", withUrl.license().licenseUrl());
    assertEquals(LicenseCategory.PERMISSIVE, withUrl.license().category());
    assertTrue(withUrl.license().overridden());
  }

  @Test
  void pinnedDigestIsChecked() {
    ModelDescriptor d = resolve(smallModel(tmp.resolve("pinned-model")));
    ModelResolver.verifyPinned(d, SMALL_MODEL);
    ModelResolver.verifyPinned(d, SMALL_MODEL.toUpperCase());
    String other = "0".repeat(64);
    ModelException e =
        assertThrows(ModelException.class, () -> ModelResolver.verifyPinned(d, other));
    assertContains(
        e, "'pinned-model'", "expected " + other, "actual " + SMALL_MODEL, "update the pin");
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> ModelResolver.verifyPinned(d, "abc"));
    assertContains(bad, "pinned sha256 of model 'pinned-model'", "'abc'");
  }

  @Test
  void missingFolderIsNamedWithFix() {
    Path missing = tmp.resolve("nope");
    ModelException e = assertThrows(ModelException.class, () -> ModelResolver.resolve(missing));
    assertContains(e, "not found", missing.toString(), "Fix:");
  }

  @Test
  void fileInsteadOfFolderIsNamedWithFix() {
    Path file = write(tmp, "model.onnx", "x");
    ModelException e = assertThrows(ModelException.class, () -> ModelResolver.resolve(file));
    assertContains(e, "not a folder", file.toString(), "not a file inside it");
  }

  @Test
  void folderWithOnlyHiddenFilesIsEmpty() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    write(dir, ".gitattributes", "*.onnx filter=lfs");
    ModelException e = assertThrows(ModelException.class, () -> resolve(dir));
    assertContains(e, "no model files", dir.toRealPath().toString(), "Fix:");
  }

  @Test
  void malformedFrontMatterNamesReadme() {
    Path dir = smallModel(tmp.resolve("m"));
    write(dir, "README.md", "---\nlicense: [mit\n---\n");
    ModelException e = assertThrows(ModelException.class, () -> resolve(dir));
    assertContains(e, "README.md", "malformed YAML front matter", "line");
  }

  @Test
  void licenceListIsRejected() {
    Path dir = smallModel(tmp.resolve("m"));
    write(dir, "README.md", "---\nlicense: [mit, apache-2.0]\n---\n");
    ModelException e = assertThrows(ModelException.class, () -> resolve(dir));
    assertContains(e, "README.md", "'license' must be a single value", "licence override");
  }

  @Test
  void malformedConfigNamesConfigJson() {
    Path dir = smallModel(tmp.resolve("m"));
    write(dir, "config.json", "{\"model_type\": ");
    ModelException e = assertThrows(ModelException.class, () -> resolve(dir));
    assertContains(e, "config.json", "not valid JSON");
  }

  @Test
  void brokenSymlinkIsReported() throws IOException {
    Path dir = smallModel(tmp.resolve("m"));
    Files.createSymbolicLink(dir.resolve("weights.bin"), dir.resolve("missing-blob"));
    ModelException e = assertThrows(ModelException.class, () -> resolve(dir));
    assertContains(e, "weights.bin", "broken symbolic link");
  }

  @Test
  void symlinkedFilesAreFollowed() throws IOException {
    Path blobs = smallModel(tmp.resolve("blobs"));
    Path snapshot = Files.createDirectories(tmp.resolve("snapshot"));
    Files.createSymbolicLink(snapshot.resolve("a.txt"), blobs.resolve("a.txt"));
    ModelDescriptor d = resolve(snapshot);
    assertEquals(HELLO, d.file("a.txt").orElseThrow().sha256());
  }

  @Test
  void descriptorSurvivesJavaSerialization() throws Exception {
    Path dir = smallModel(tmp.resolve("m"));
    write(dir, "README.md", "---\nlicense: apache-2.0\n---\n");
    ModelDescriptor d = resolve(dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(d);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(d, in.readObject());
    }
  }

  static void assertContains(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
  }
}
