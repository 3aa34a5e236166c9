package io.genpipe.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.runtime.tokenize.TextTokenizer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Text in, text out with a character tokenizer and the slow fake model. */
class TextGenerationTest {
  private static final int CONTEXT = 24;
  private static final Set<Long> EOS = Set.of(CharTokenizer.EOS);

  private static GenerationParams greedy(int maxNew, String... stop) {
    return new GenerationParams(maxNew, false, 1f, 0, 1f, 1f, EOS, List.of(stop));
  }

  private static GenerationParams sampled(int maxNew) {
    return new GenerationParams(maxNew, true, 0.8f, 10, 0.9f, 1.2f, EOS, List.of());
  }

  /** The continuation of a prompt is looked up by its text; unknown prompts get "ok" then eos. */
  private static FakeLm scriptedLm(Map<String, String> continuations) {
    return new FakeLm(CharTokenizer.VOCAB, CONTEXT, CharTokenizer.PAD, FakeLm.scripted(
        CharTokenizer.VOCAB,
        prompt -> CharTokenizer.ids(continuations.getOrDefault(
            CharTokenizer.text(prompt, prompt.length), "ok")),
        CharTokenizer.EOS));
  }

  private static FakeLm hashedLm() {
    return new FakeLm(CharTokenizer.VOCAB, CONTEXT, CharTokenizer.PAD,
        FakeLm.hashed(CharTokenizer.VOCAB, 1.0));
  }

  private static TextGeneration generation(FakeLm lm, boolean sentencePieceLike) {
    return new TextGeneration("fake-lm", new CharTokenizer(sentencePieceLike), lm, null);
  }

  private static void assertError(TextResult r, String id, String errorClass, int tokensIn,
      String... mentions) {
    assertEquals(id, r.id());
    assertFalse(r.isOk());
    assertEquals(errorClass, r.errorClass());
    assertEquals(tokensIn, r.tokensIn());
    assertNull(r.text());
    for (String m : mentions) {
      assertTrue(r.errorMessage().contains(m), "'" + r.errorMessage() + "' lacks '" + m + "'");
    }
  }

  @Test
  void resultsComeInRequestOrderWithRowErrors() {
    FakeLm lm = scriptedLm(Map.of("hello", "world!", "say", "yes."));
    String tooLong = "x".repeat(CONTEXT);
    String longest = "y".repeat(CONTEXT - 1);
    List<TextResult> out = generation(lm, false).generate(List.of(
        new TextRequest("r1", "hello", greedy(10), 1),
        new TextRequest("r2", "", greedy(10), 1),
        new TextRequest("r3", tooLong, greedy(10), 1),
        new TextRequest("r4", "caf\u00e9", greedy(10), 1),
        new TextRequest("r5", "say", greedy(10), 1),
        new TextRequest("r6", longest, greedy(10), 1)));
    assertEquals(List.of("r1", "r2", "r3", "r4", "r5", "r6"),
        out.stream().map(TextResult::id).toList());

    assertEquals(new TextResult("r1", "world!", 5, 7, "eos", out.get(0).latencyMs(), null, null),
        out.get(0));
    assertError(out.get(1), "r2", "empty_prompt", 0, "fake-lm");
    assertError(out.get(2), "r3", "prompt_too_long", CONTEXT, "24 tokens", "context of 24",
        "fake-lm");
    assertError(out.get(3), "r4", "tokenizer_error", 0, "fake-lm", "no token for");
    assertEquals("yes.", out.get(4).text());
    assertEquals(5, out.get(4).tokensOut()); // "yes." and the eos
    assertEquals("eos", out.get(4).finishReason());
    assertEquals("o", out.get(5).text()); // one position left in the context
    assertEquals("context_full", out.get(5).finishReason());
    assertEquals(1, lm.states.size()); // all runnable rows in one batch
    assertEquals(3, lm.states.get(0).batch);
  }

  @Test
  void stopStringIsCutFromTheText() {
    FakeLm lm = scriptedLm(Map.of("tell", "hi there. more", "ask", "a,b,c"));
    List<TextResult> out = generation(lm, false).generate(List.of(
        new TextRequest("a", "tell", greedy(20, "."), 1),
        new TextRequest("b", "ask", greedy(20, "?", ",b"), 1),
        new TextRequest("c", "tell", greedy(4, "."), 1)));
    assertEquals("hi there", out.get(0).text());
    assertEquals("stop_string", out.get(0).finishReason());
    assertEquals(9, out.get(0).tokensOut()); // the tokens up to and including the stop string
    assertEquals("a", out.get(1).text());
    assertEquals("stop_string", out.get(1).finishReason());
    assertEquals("hi t", out.get(2).text());
    assertEquals("max_new_tokens", out.get(2).finishReason());
  }

  @Test
  void continuationKeepsTheWordBoundaryWithSentencePieceDecoding() {
    FakeLm lm = scriptedLm(Map.of("hi", " there"));
    TextResult r = generation(lm, true).generate(List.of(new TextRequest("a", "hi", greedy(20),
        1))).get(0);
    assertEquals(" there", r.text());
  }

  @Test
  void aFailingRowIsRetriedAloneAndOnlyItFails() {
    FakeLm lm = hashedLm();
    // fails on its third step, after its neighbours have drawn random numbers in the batch
    lm.fault = (prompt, generated) -> prompt[0] == CharTokenizer.ids("!")[0]
        && generated.length == 2;
    List<TextRequest> reqs = List.of(
        new TextRequest("a", "once upon", sampled(12), 7),
        new TextRequest("bad", "!boom", // no eos: it certainly reaches its third step
            new GenerationParams(12, true, 0.8f, 10, 0.9f, 1.2f, Set.of(), List.of()), 7),
        new TextRequest("c", "the cat", sampled(12), 7),
        new TextRequest("d", "q", sampled(12), 8));
    List<TextResult> out = generation(lm, false).generate(reqs);
    assertEquals(List.of("a", "bad", "c", "d"), out.stream().map(TextResult::id).toList());
    assertError(out.get(1), "bad", "generation_error", 5, "fake-lm",
        "fake model failure at step 2");
    assertEquals(1 + reqs.size(), lm.states.size()); // the batch, then each row alone

    FakeLm fresh = hashedLm();
    for (int i : new int[] {0, 2, 3}) {
      TextResult alone = generation(fresh, false).generate(List.of(reqs.get(i))).get(0);
      TextResult got = out.get(i);
      assertTrue(got.isOk(), got.toString());
      assertEquals(alone.text(), got.text());
      assertEquals(alone.tokensOut(), got.tokensOut());
      assertEquals(alone.finishReason(), got.finishReason());
    }
  }

  @Test
  void aSingleFailingRowBecomesAnErrorResult() {
    FakeLm lm = hashedLm();
    lm.fault = (prompt, generated) -> true;
    List<TextResult> out = generation(lm, false).generate(List.of(
        new TextRequest("only", "abc", greedy(5), 1)));
    assertError(out.get(0), "only", "generation_error", 3, "fake-lm");
  }

  @Test
  void aRowWhoseOutputCannotBeDecodedIsAnErrorRowAndItsNeighboursAreNot() {
    CharTokenizer chars = new CharTokenizer(false);
    TextTokenizer failsOnBang = new TextTokenizer() {
      @Override
      public long[] encode(String text) {
        return chars.encode(text);
      }

      @Override
      public String decode(long[] ids) {
        String text = chars.decode(ids);
        if (text.contains("!")) {
          throw new IllegalArgumentException("no text for token " + CharTokenizer.ids("!")[0]);
        }
        return text;
      }

      @Override
      public void close() {}
    };
    FakeLm lm = scriptedLm(Map.of("hello", "world!", "say", "yes."));
    List<TextResult> out = new TextGeneration("fake-lm", failsOnBang, lm, null).generate(List.of(
        new TextRequest("r1", "hello", greedy(10), 1),
        new TextRequest("r2", "say", greedy(10), 1)));
    assertError(out.get(0), "r1", "decode_error", 5, "row r1", "fake-lm", "no text for token");
    assertEquals("yes.", out.get(1).text());
    List<TextResult> alone = new TextGeneration("fake-lm", failsOnBang, lm, null).generate(
        List.of(new TextRequest("r1", "hello", greedy(10), 1)));
    assertError(alone.get(0), "r1", "decode_error", 5, "fake-lm");
  }

  @Test
  void sameSeedAndIdSameTextAndTheSeedMatters() {
    FakeLm lm = hashedLm();
    TextGeneration gen = generation(lm, false);
    TextRequest r = new TextRequest("row-1", "it was", sampled(16), 42);
    TextResult first = gen.generate(List.of(r)).get(0);
    TextResult again = gen.generate(List.of(new TextRequest("x", "other prompt", sampled(5), 3),
        r)).get(1);
    assertEquals(first.text(), again.text());
    assertEquals(first.tokensOut(), again.tokensOut());
    TextResult otherSeed = gen.generate(List.of(new TextRequest("row-1", "it was", sampled(16),
        43))).get(0);
    TextResult otherId = gen.generate(List.of(new TextRequest("row-2", "it was", sampled(16),
        42))).get(0);
    assertFalse(first.text().equals(otherSeed.text()) && first.text().equals(otherId.text()));
  }
}
