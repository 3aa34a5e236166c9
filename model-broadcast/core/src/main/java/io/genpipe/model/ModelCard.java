package io.genpipe.model;

import static java.util.stream.Collectors.joining;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fields genpipe reads from a Hugging Face model card's front matter ({@code README.md} in the
 * model folder). A folder without a card, or a card without front matter, has no fields.
 */
final class ModelCard {
  static final String FILE_NAME = "README.md";

  private final Path file;
  private final Map<String, Object> fields;

  private ModelCard(Path file, Map<String, Object> fields) {
    this.file = file;
    this.fields = fields;
  }

  /** Reads {@code dir/README.md}; absent → an empty card. */
  static ModelCard read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return new ModelCard(file, Map.of());
    }
    try {
      return new ModelCard(file, FrontMatter.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw new ModelException(
          "Model card "
              + file
              + " has malformed YAML front matter: "
              + e.getMessage()
              + ". Fix the YAML between the '---' lines at the top of README.md (or remove it;"
              + " the licence is then 'unknown' unless the job overrides it).",
          e);
    } catch (CharacterCodingException e) {
      throw new ModelException(
          "Model card " + file + " is not UTF-8 text; re-save it as UTF-8.", e);
    } catch (IOException e) {
      throw new ModelException("Cannot read model card " + file + ": " + e, e);
    }
  }

  /** Card {@code model_id}, else {@code name}, else null. */
  String modelId() {
    String id = text("model_id");
    return id != null ? id : text("name");
  }

  String pipelineTag() {
    return text("pipeline_tag");
  }

  String baseModel() {
    return textOrList("base_model");
  }

  String baseModelRelation() {
    return text("base_model_relation");
  }

  /**
   * The card's licence. {@code license: other} with a {@code license_name} gives {@code
   * LicenseRef-<license_name>}; an absolute {@code license_link} is used as the URL.
   */
  LicenseInfo license() {
    String license = text("license");
    String name = text("license_name");
    String raw = "other".equalsIgnoreCase(license) && name != null ? "LicenseRef-" + name : license;
    String link = text("license_link");
    String url = link != null && link.matches("(?i)https?://\\S+") ? link : null;
    return LicenseInfo.of(raw, url, baseModel(), baseModelRelation(), false);
  }

  /** A scalar field as text; absent, null or blank → null; a list or mapping is a card error. */
  private String text(String key) {
    Object value = fields.get(key);
    if (value instanceof Map || value instanceof List) {
      throw new ModelException(
          "Model card "
              + file
              + ": '"
              + key
              + "' must be a single value, got "
              + value
              + ". Fix the front matter of README.md"
              + (key.startsWith("license") ? ", or give the job a licence override." : "."));
    }
    String text = value == null ? "" : String.valueOf(value).strip();
    return text.isEmpty() ? null : text;
  }

  /** Hugging Face allows several {@code base_model}s (merges): they are joined with {@code ','}. */
  private String textOrList(String key) {
    if (fields.get(key) instanceof List<?> list
        && list.stream().allMatch(v -> v instanceof String || v instanceof Number)) {
      String joined = list.stream().map(v -> String.valueOf(v).strip()).collect(joining(","));
      return joined.isEmpty() ? null : joined;
    }
    return text(key);
  }
}
