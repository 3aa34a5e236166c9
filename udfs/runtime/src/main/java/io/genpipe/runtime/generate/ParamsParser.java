package io.genpipe.runtime.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads generation parameters from JSON objects (a row's {@code params}, job-level options, a
 * model's {@code generation_config.json}) with type checks that name the parameter.
 */
public final class ParamsParser {
  static final ObjectMapper JSON = new ObjectMapper();

  private ParamsParser() {}

  /** Parses a JSON object string; null or blank means no parameters. */
  public static ObjectNode parseObject(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidParamsException(
          "params is not valid JSON (" + e.getOriginalMessage() + "); write a JSON object such as "
              + "{\"max_new_tokens\": 32}");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidParamsException(
          "params must be a JSON object such as {\"max_new_tokens\": 32}, got " + abbreviate(json));
    }
    return (ObjectNode) node;
  }

  /**
   * {@code base} with each override layer's fields set over it, in order; a name not in
   * {@code known} is refused, naming the accepted ones ({@code kind}: "text", "image").
   */
  public static ObjectNode layer(ObjectNode base, List<ObjectNode> overrides, List<String> known,
      String kind) {
    ObjectNode merged = base.deepCopy();
    for (ObjectNode layer : overrides) {
      layer.fields().forEachRemaining(e -> {
        if (!known.contains(e.getKey())) {
          throw new InvalidParamsException("unknown " + kind + " parameter '" + e.getKey()
              + "'; accepted: " + String.join(", ", known));
        }
        merged.set(e.getKey(), e.getValue());
      });
    }
    return merged;
  }

  static int intValue(JsonNode node, String name) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidParamsException(name + " must be an integer, got " + node);
    }
    return node.intValue();
  }

  static long longValue(JsonNode node, String name) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidParamsException(name + " must be an integer, got " + node);
    }
    return node.longValue();
  }

  static float floatValue(JsonNode node, String name) {
    if (!node.isNumber()) {
      throw new InvalidParamsException(name + " must be a number, got " + node);
    }
    return node.floatValue();
  }

  static boolean boolValue(JsonNode node, String name) {
    if (!node.isBoolean()) {
      throw new InvalidParamsException(name + " must be true or false, got " + node);
    }
    return node.booleanValue();
  }

  /** An int or a list of ints (as {@code eos_token_id} is written in generation configs). */
  static Set<Long> idSet(JsonNode node, String name) {
    Set<Long> ids = new LinkedHashSet<>();
    if (node.isArray()) {
      node.forEach(n -> ids.add(longValue(n, name)));
    } else if (!node.isNull()) {
      ids.add(longValue(node, name));
    }
    return ids;
  }

  /** A string or a list of strings. */
  static List<String> stringList(JsonNode node, String name) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.textValue());
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        if (!n.isTextual()) {
          throw new InvalidParamsException(name + " must be a string or a list of strings, got " + node);
        }
        out.add(n.textValue());
      }
    } else if (!node.isNull()) {
      throw new InvalidParamsException(name + " must be a string or a list of strings, got " + node);
    }
    return out;
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
