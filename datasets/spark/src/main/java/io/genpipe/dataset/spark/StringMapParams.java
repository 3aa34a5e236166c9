package io.genpipe.dataset.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.spark.sql.api.java.UDF1;
import scala.collection.JavaConverters;

/**
 * A {@code map<string,string>} params column as a JSON object whose values have their types back:
 * a map cannot hold {@code 24} or {@code true}, so a value whose whole text is a JSON number,
 * {@code true}/{@code false}/{@code null}, array or object becomes that JSON value, and any other
 * text stays a string. A string that looks like a number is written as a JSON string literal
 * ({@code "\"5\""}) to keep it a string.
 */
final class StringMapParams implements UDF1<scala.collection.Map<String, String>, String> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String call(scala.collection.Map<String, String> params) throws JsonProcessingException {
    if (params == null) {
      return null;
    }
    ObjectNode out = JSON.createObjectNode();
    for (Map.Entry<String, String> e : JavaConverters.mapAsJavaMap(params).entrySet()) {
      out.set(e.getKey(), typed(e.getValue()));
    }
    return JSON.writeValueAsString(out);
  }

  static JsonNode typed(String text) {
    if (text == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException notJson) {
      return JSON.getNodeFactory().textNode(text);
    }
  }
}
