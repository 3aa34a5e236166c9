package io.genpipe.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ParamsParserTest {
  private static String refused(String json) {
    return assertThrows(InvalidParamsException.class, () -> ParamsParser.parseObject(json))
        .getMessage();
  }

  @Test
  void parsesAnObject() {
    ObjectNode n = ParamsParser.parseObject("{\"max_new_tokens\": 32, \"stop\": [\"\\n\"]}");
    assertEquals(32, n.get("max_new_tokens").intValue());
    assertEquals("\n", n.get("stop").get(0).textValue());
  }

  @Test
  void nullOrBlankMeansNoParameters() {
    assertEquals(0, ParamsParser.parseObject(null).size());
    assertEquals(0, ParamsParser.parseObject("").size());
    assertEquals(0, ParamsParser.parseObject("  \n\t").size());
  }

  @Test
  void notJsonIsRefusedWithAnExample() {
    String m = refused("{max_new_tokens: 32");
    assertTrue(m.startsWith("params is not valid JSON ("), m);
    assertTrue(m.contains("{\"max_new_tokens\": 32}"), m);
  }

  @Test
  void nonObjectsAreRefusedShowingWhatWasGiven() {
    assertEquals("params must be a JSON object such as {\"max_new_tokens\": 32}, got [1, 2]",
        refused("[1, 2]"));
    assertEquals("params must be a JSON object such as {\"max_new_tokens\": 32}, got \"hot\"",
        refused("\"hot\""));
    assertTrue(refused("42").endsWith("got 42"));
    assertTrue(refused("null").endsWith("got null"));
  }

  @Test
  void longInputIsAbbreviatedInTheMessage() {
    String longArray = "[" + "1,".repeat(100) + "1]";
    String m = refused(longArray);
    assertTrue(m.endsWith("got " + longArray.substring(0, 77) + "..."), m);
  }

  @Test
  void trailingContentAfterTheObjectIsRefused() {
    // a second object or a stray brace must not be silently dropped
    assertTrue(refused("{\"max_new_tokens\": 8} {\"temperature\": 0.5}")
        .startsWith("params is not valid JSON"));
    assertTrue(refused("{\"max_new_tokens\": 8}}").startsWith("params is not valid JSON"));
  }
}
