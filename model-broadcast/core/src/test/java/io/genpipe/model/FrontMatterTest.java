package io.genpipe.model;

import static io.genpipe.model.ModelResolverTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrontMatterTest {
  private static final Map<String, Object> MIT =
      Map.of("license", "mit", "tags", List.of("llama", "onnx"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "---\nlicense: mit\ntags: [llama, onnx]\n---\n# Title\n",
        "---\r\nlicense: mit\r\ntags: [llama, onnx]\r\n---\r\n# Title\r\n",
        "\uFEFF---\nlicense: mit\ntags:\n  - llama\n  - onnx\n---\n",
        "--- \nlicense: mit\ntags: [llama, onnx]\n...\nbody",
        "---\nlicense: mit # a comment\ntags: [llama, onnx]\n---",
      })
  void parsesFrontMatterVariants(String markdown) {
    assertEquals(MIT, FrontMatter.parse(markdown));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "# Title\n\nlicense: mit\n",
        "\n---\nlicense: mit\n---\n",
        "---\n---\n",
        "---\r\n# only a comment\r\n---\r\n"
      })
  void absentOrEmptyFrontMatterIsEmpty(String markdown) {
    assertEquals(Map.of(), FrontMatter.parse(markdown));
  }

  @Test
  void keepsNestedValuesAndBodyDashes() {
    Map<String, Object> fields =
        FrontMatter.parse("---\nmodel-index:\n  - name: x\nbase_model: a/b\n---\ntext\n---\nmore");
    assertEquals("a/b", fields.get("base_model"));
    assertEquals(List.of(Map.of("name", "x")), fields.get("model-index"));
  }

  @Test
  void malformedYamlGivesProblemAndLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrontMatter.parse("---\nlicense: mit\ntags: [a, b\n---\n"));
    assertContains(e, "malformed YAML front matter at line");
  }

  @Test
  void unclosedFrontMatterIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrontMatter.parse("---\nlicense: mit\n# Title\n"));
    assertContains(e, "never closed");
  }

  @Test
  void duplicateKeysAreAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrontMatter.parse("---\nlicense: mit\nlicense: cc-by-nc-4.0\n---\n"));
    assertContains(e, "license");
  }

  @Test
  void nonMappingIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FrontMatter.parse("---\n- a\n- b\n---\n"));
    assertContains(e, "must be a mapping", "array");
  }
}
