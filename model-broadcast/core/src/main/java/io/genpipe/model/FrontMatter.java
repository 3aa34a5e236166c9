package io.genpipe.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The YAML front matter of a Markdown document, as Hugging Face model cards carry it: a first line
 * {@code ---}, YAML, then a closing line {@code ---} (or {@code ...}). LF and CRLF line ends and a
 * leading byte-order mark are accepted.
 */
public final class FrontMatter {
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private FrontMatter() {}

  /**
   * The front matter's top-level mapping; empty when the document has no front matter or an empty
   * one.
   *
   * @throws IllegalArgumentException when the front matter is not closed, is not valid YAML, or is
   *     not a mapping; the message gives the problem and its line in {@code markdown}
   */
  public static Map<String, Object> parse(String markdown) {
    List<String> lines = Arrays.asList(stripBom(markdown).split("\r?\n|\r", -1));
    if (!isFence(lines.get(0), false)) {
      return Map.of();
    }
    int close = 1;
    while (close < lines.size() && !isFence(lines.get(close), true)) {
      close++;
    }
    if (close == lines.size()) {
      throw new IllegalArgumentException(
          "front matter opened by '---' on line 1 is never closed by a '---' line");
    }
    return parseYaml(String.join("\n", lines.subList(1, close)));
  }

  private static Map<String, Object> parseYaml(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "malformed YAML front matter" + where(e.getLocation()) + ": " + e.getOriginalMessage(),
          e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Map.of();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          "YAML front matter must be a mapping of keys (license: ..., base_model: ...), got a "
              + root.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    return YAML.convertValue(root, new TypeReference<Map<String, Object>>() {});
  }

  /** Line in the Markdown document: the YAML starts on line 2. */
  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " at line " + (location.getLineNr() + 1);
  }

  private static boolean isFence(String line, boolean closing) {
    String trimmed = line.stripTrailing();
    return trimmed.equals("---") || (closing && trimmed.equals("..."));
  }

  private static String stripBom(String markdown) {
    if (markdown == null) {
      throw new IllegalArgumentException("markdown must not be null");
    }
    return markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
  }
}
