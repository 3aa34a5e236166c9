package io.genpipe.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.runtime.sample.RepetitionPenalty;
import io.genpipe.runtime.sample.Sampler;
import io.genpipe.runtime.sample.Temperature;
import io.genpipe.runtime.sample.TopK;
import io.genpipe.runtime.sample.TopP;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GenerationParamsTest {
  private static GenerationParams params(int maxNew, boolean sample, float temp, int topK,
      float topP, float rep, List<String> stop) {
    return new GenerationParams(maxNew, sample, temp, topK, topP, rep, Set.of(2L), stop);
  }

  private static String refused(Supplier<GenerationParams> make) {
    return assertThrows(InvalidParamsException.class, make::get).getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + message + "' should mention '" + p + "'");
    }
  }

  @Test
  void validationMessagesNameTheParameterAndTheValue() {
    assertMentions(refused(() -> params(0, false, 1f, 0, 1f, 1f, List.of())),
        "max_new_tokens", "got 0");
    assertMentions(refused(() -> params(GenerationParams.MAX_NEW_TOKENS_LIMIT + 1, false, 1f, 0,
        1f, 1f, List.of())), "max_new_tokens", "got 1048577");
    assertMentions(refused(() -> params(8, true, 0f, 0, 1f, 1f, List.of())),
        "temperature", "got 0.0");
    assertMentions(refused(() -> params(8, true, Float.NaN, 0, 1f, 1f, List.of())),
        "temperature", "got NaN");
    assertMentions(refused(() -> params(8, true, 1f, 0, 0f, 1f, List.of())), "top_p", "got 0.0");
    assertMentions(refused(() -> params(8, true, 1f, 0, 1.5f, 1f, List.of())), "top_p", "got 1.5");
    assertMentions(refused(() -> params(8, true, 1f, -1, 1f, 1f, List.of())), "top_k", "got -1");
    assertMentions(refused(() -> params(8, true, 1f, 0, 1f, 0f, List.of())),
        "repetition_penalty", "got 0.0");
    assertMentions(refused(() -> params(8, true, 1f, 0, 1f, Float.POSITIVE_INFINITY, List.of())),
        "repetition_penalty", "got Infinity");
    assertMentions(refused(() -> params(8, false, 1f, 0, 1f, 1f, List.of("ok", ""))),
        "stop", "empty");
    List<String> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      seventeen.add("s" + i);
    }
    assertMentions(refused(() -> params(8, false, 1f, 0, 1f, 1f, seventeen)),
        "stop", "16", "got 17");
    assertMentions(refused(() -> new GenerationParams(8, false, 1f, 0, 1f, 1f, Set.of(-3L),
        List.of())), "eos_token_id", "got -3");
  }

  @Test
  void boundaryValuesAreAccepted() {
    params(1, true, Float.MIN_VALUE, 0, Float.MIN_VALUE, 1e-6f, List.of());
    params(GenerationParams.MAX_NEW_TOKENS_LIMIT, true, 100f, 1, 1f, 10f,
        Collections.nCopies(16, "x"));
  }

  @Test
  void listsAreCopied() {
    List<String> stop = new ArrayList<>(List.of("a"));
    GenerationParams p = params(8, false, 1f, 0, 1f, 1f, stop);
    stop.add("b");
    assertEquals(List.of("a"), p.stop());
    assertThrows(UnsupportedOperationException.class, () -> p.stop().add("c"));
  }

  @Test
  void processorsFollowHuggingFaceOrder() {
    GenerationParams p = params(8, true, 0.7f, 5, 0.9f, 1.3f, List.of());
    assertEquals(List.of(new RepetitionPenalty(1.3f), new Temperature(0.7f), new TopK(5),
        new TopP(0.9f)), p.processors());
    assertSame(Sampler.MULTINOMIAL, p.sampler());
  }

  @Test
  void greedyIgnoresTheSamplingParameters() {
    GenerationParams p = params(8, false, 0.7f, 5, 0.9f, 1.3f, List.of());
    assertEquals(List.of(new RepetitionPenalty(1.3f)), p.processors());
    assertSame(Sampler.GREEDY, p.sampler());
    assertEquals(List.of(), params(8, false, 0.7f, 5, 0.9f, 1f, List.of()).processors());
  }

  @Test
  void neutralValuesAddNoProcessor() {
    assertEquals(List.of(), params(8, true, 1f, 0, 1f, 1f, List.of()).processors());
    assertEquals(List.of(new TopK(50)), params(8, true, 1f, 50, 1f, 1f, List.of()).processors());
  }
}
