package io.genpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptTaskTest {
  @Test
  void parsesWireNamesExactly() {
    assertEquals(Optional.of(PromptTask.TEXT), PromptTask.fromWireName("text"));
    assertEquals(Optional.of(PromptTask.IMAGE), PromptTask.fromWireName("image"));
    assertEquals(Optional.of(PromptTask.MUSIC), PromptTask.fromWireName("music"));
    assertTrue(PromptTask.fromWireName("Text").isEmpty());
    assertTrue(PromptTask.fromWireName("video").isEmpty());
    assertTrue(PromptTask.fromWireName(null).isEmpty());
  }

  @Test
  void knownColumnsAreInNormalisedOrder() {
    assertEquals(
        java.util.List.of("id", "task", "prompt", "params", "seed", "model"), PromptColumns.KNOWN);
    assertTrue(PromptColumns.isKnown("seed"));
    assertTrue(!PromptColumns.isKnown("topic"));
  }

  @Test
  void messagesNameColumnTypeAndFix() {
    assertEquals(
        "prompt dataset column 'seed' has type string; use an integral column",
        PromptDatasetException.wrongType("seed", "string", "use an integral column").getMessage());
    assertEquals(
        "prompt dataset column 'id' is missing; add it (found columns: [prompt])",
        PromptDatasetException.missingColumn("id", "add it", java.util.List.of("prompt"))
            .getMessage());
  }
}
