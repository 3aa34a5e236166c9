package io.genpipe.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.runtime.sample.LogitsProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generation loop against a slow reference: {@link FakeLm} recomputes every row from its
 * unpadded history each step, and {@link #reference} decodes one row at a time without a batch,
 * a cache or compaction.
 */
class GeneratorTest {
  private static final int VOCAB = 40;
  private static final long EOS = 3;
  private static final long PAD = 0;

  private static GenerationParams greedy(int maxNew, float repetition, long... eos) {
    return new GenerationParams(maxNew, false, 1f, 50, 1f, repetition, ids(eos), List.of());
  }

  private static GenerationParams sampled(int maxNew) {
    return new GenerationParams(maxNew, true, 0.9f, 20, 0.95f, 1.1f, Set.of(EOS), List.of());
  }

  private static Set<Long> ids(long... values) {
    return Arrays.stream(values).boxed().collect(java.util.stream.Collectors.toSet());
  }

  private static GenerationRequest request(String id, long[] prompt, GenerationParams p) {
    return new GenerationRequest(id, prompt, p, RowSeeds.generator(42, id));
  }

  /** One row, no batch, no cache: the obvious loop with the same stopping rules. */
  static GenerationResult reference(FakeLm lm, GenerationRequest r, StopStrings decoder) {
    GenerationParams p = r.params();
    long[] prompt = r.promptIds();
    int room = lm.context - prompt.length;
    int limit = Math.min(p.maxNewTokens(), room);
    List<LogitsProcessor> processors = p.processors();
    List<Long> generated = new ArrayList<>();
    while (true) {
      long[] gen = generated.stream().mapToLong(Long::longValue).toArray();
      float[] logits = lm.scores.next(prompt, gen);
      long[] history = new long[prompt.length + gen.length];
      System.arraycopy(prompt, 0, history, 0, prompt.length);
      System.arraycopy(gen, 0, history, prompt.length, gen.length);
      for (LogitsProcessor proc : processors) {
        proc.process(logits, history, history.length);
      }
      long token = p.sampler().sample(logits, r.rng());
      generated.add(token);
      long[] now = generated.stream().mapToLong(Long::longValue).toArray();
      if (p.eosTokenIds().contains(token)) {
        return new GenerationResult(r.id(), now, FinishReason.EOS, null, 0);
      }
      if (decoder != null && !p.stop().isEmpty()) {
        String s = StopStrings.firstIn(decoder.decode(now, now.length), p.stop());
        if (s != null) {
          return new GenerationResult(r.id(), now, FinishReason.STOP_STRING, s, 0);
        }
      }
      if (now.length >= limit) {
        return new GenerationResult(r.id(), now, room < p.maxNewTokens()
            ? FinishReason.CONTEXT_FULL : FinishReason.MAX_NEW_TOKENS, null, 0);
      }
    }
  }

  private static void assertSameOutput(GenerationResult expected, GenerationResult actual) {
    assertEquals(expected.id(), actual.id());
    assertArrayEquals(expected.newIds(), actual.newIds(), "ids of " + expected.id());
    assertEquals(expected.finishReason(), actual.finishReason(), "finish of " + expected.id());
    assertEquals(expected.stopString(), actual.stopString(), "stop string of " + expected.id());
  }

  private static long[] randomPrompt(SplittableRandom rnd, int length) {
    long[] p = new long[length];
    for (int i = 0; i < length; i++) {
      p[i] = 4 + rnd.nextInt(VOCAB - 4); // never eos or pad
    }
    return p;
  }

  @Test
  void leftPaddedGreedyBatchMatchesEachRowAloneAndTheReference() {
    FakeLm lm = new FakeLm(VOCAB, 48, PAD, FakeLm.hashed(VOCAB, 2.0));
    SplittableRandom rnd = new SplittableRandom(5);
    List<GenerationRequest> batch = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      batch.add(request("r" + i, randomPrompt(rnd, 1 + rnd.nextInt(14)),
          greedy(6 + rnd.nextInt(20), 1.3f, EOS, 7)));
    }
    List<GenerationResult> batched = new Generator(lm, null, null).generate(batch);
    assertEquals(batch.size(), batched.size());
    EnumSet<FinishReason> reasons = EnumSet.noneOf(FinishReason.class);
    for (int i = 0; i < batch.size(); i++) {
      GenerationRequest r = batch.get(i);
      GenerationResult alone = new Generator(lm, null, null).generate(List.of(r)).get(0);
      assertSameOutput(reference(lm, r, null), batched.get(i));
      assertSameOutput(alone, batched.get(i));
      reasons.add(batched.get(i).finishReason());
    }
    // the case must exercise compaction: some rows stop on eos, others run to their budget
    assertTrue(reasons.containsAll(EnumSet.of(FinishReason.EOS, FinishReason.MAX_NEW_TOKENS)),
        reasons.toString());
    assertFalse(lm.states.get(0).retained.isEmpty());
    lm.states.forEach(s -> assertTrue(s.closed));
  }

  /** Script per row, selected by the first prompt token. */
  private static FakeLm scriptedLm(int context, Map<Long, long[]> scripts) {
    return new FakeLm(VOCAB, context, PAD,
        FakeLm.scripted(VOCAB, prompt -> scripts.getOrDefault(prompt[0], new long[0]), 5));
  }

  @Test
  void rowsFinishIndependentlyAndFinishedRowsAreDropped() {
    Map<Long, long[]> scripts = new HashMap<>();
    scripts.put(10L, new long[] {5, EOS}); // eos after 2
    scripts.put(11L, new long[] {5, 6, 7, EOS}); // eos after 4
    scripts.put(12L, new long[] {5, 6, EOS}); // eos after 3
    FakeLm lm = scriptedLm(64, scripts);
    List<Long> observed = new ArrayList<>();
    StepObserver obs = (past, rows, newTokens, nanos) -> {
      observed.add((long) past);
      observed.add((long) rows);
      observed.add((long) newTokens);
    };
    List<GenerationResult> out = new Generator(lm, null, obs).generate(List.of(
        request("a", new long[] {10, 20, 21}, greedy(10, 1f, EOS)),
        request("b", new long[] {11}, greedy(10, 1f, EOS)),
        request("c", new long[] {12, 22}, greedy(10, 1f, EOS))));
    assertArrayEquals(new long[] {5, EOS}, out.get(0).newIds());
    assertArrayEquals(new long[] {5, 6, 7, EOS}, out.get(1).newIds());
    assertArrayEquals(new long[] {5, 6, EOS}, out.get(2).newIds());
    out.forEach(r -> assertEquals(FinishReason.EOS, r.finishReason()));
    out.forEach(r -> assertNull(r.stopString()));
    FakeLm.State s = lm.states.get(0);
    assertEquals(2, s.retained.size());
    assertArrayEquals(new int[] {1, 2}, s.retained.get(0)); // a done after step 2
    assertArrayEquals(new int[] {0}, s.retained.get(1)); // c (now index 1) done after step 3
    assertEquals(List.of(0L, 3L, 3L, 3L, 3L, 1L, 4L, 2L, 1L, 5L, 1L, 1L), observed);
    assertTrue(s.closed);
  }

  @Test
  void budgetAndContextEndRows() {
    FakeLm lm = scriptedLm(10, Map.of(13L, new long[] {5, 6, EOS}));
    long[] six = {4, 4, 4, 4, 4, 4};
    long[] seven = {4, 4, 4, 4, 4, 4, 4};
    List<GenerationResult> out = new Generator(lm, null, null).generate(List.of(
        request("budget", six, greedy(4, 1f, EOS)), // room 4, budget 4: the budget ends it
        request("context", seven, greedy(4, 1f, EOS)), // room 3 < 4
        request("short", new long[] {4, 4}, greedy(100, 1f, EOS)), // room 8
        request("eosLast", new long[] {13}, greedy(3, 1f, EOS)), // eos is the 3rd and last token
        request("noEos", new long[] {13}, greedy(3, 1f)))); // same tokens, eos not an eos here
    assertEquals(FinishReason.MAX_NEW_TOKENS, out.get(0).finishReason());
    assertEquals(4, out.get(0).newIds().length);
    assertEquals(FinishReason.CONTEXT_FULL, out.get(1).finishReason());
    assertEquals(3, out.get(1).newIds().length);
    assertEquals(FinishReason.CONTEXT_FULL, out.get(2).finishReason());
    assertArrayEquals(new long[] {5, 5, 5, 5, 5, 5, 5, 5}, out.get(2).newIds());
    assertEquals(FinishReason.EOS, out.get(3).finishReason());
    assertArrayEquals(new long[] {5, 6, EOS}, out.get(3).newIds());
    assertEquals(FinishReason.MAX_NEW_TOKENS, out.get(4).finishReason());
    assertArrayEquals(new long[] {5, 6, EOS}, out.get(4).newIds());
  }

  @Test
  void promptOneShortOfTheContextGetsOneToken() {
    FakeLm lm = scriptedLm(8, Map.of());
    GenerationResult r = new Generator(lm, null, null)
        .generate(List.of(request("x", new long[] {4, 4, 4, 4, 4, 4, 4}, greedy(50, 1f, EOS))))
        .get(0);
    assertArrayEquals(new long[] {5}, r.newIds());
    assertEquals(FinishReason.CONTEXT_FULL, r.finishReason());
  }

  @Test
  void promptFillingTheContextIsRefusedBeforeTheModelStarts() {
    FakeLm lm = scriptedLm(8, Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Generator(lm, null, null).generate(List.of(
            request("ok", new long[] {4}, greedy(5, 1f, EOS)),
            request("long", new long[] {4, 4, 4, 4, 4, 4, 4, 4}, greedy(5, 1f, EOS)))));
    assertTrue(e.getMessage().contains("row long"), e.getMessage());
    assertTrue(e.getMessage().contains("8 tokens"), e.getMessage());
    assertTrue(e.getMessage().contains("context of 8"), e.getMessage());
    assertTrue(lm.states.isEmpty());
  }

  @Test
  void noRequestsNoModelCall() {
    FakeLm lm = scriptedLm(8, Map.of());
    assertEquals(List.of(), new Generator(lm, null, null).generate(List.of()));
    assertTrue(lm.states.isEmpty());
  }

  @Test
  void stopStringsEndRowsAndAreReported() {
    Map<Long, long[]> scripts = new HashMap<>();
    // first prompt char selects the continuation
    scripts.put(CharTokenizer.ids("a")[0], CharTokenizer.ids("ab.cd"));
    scripts.put(CharTokenizer.ids("b")[0], CharTokenizer.ids("abcdefgh"));
    scripts.put(CharTokenizer.ids("c")[0], CharTokenizer.ids("xyz"));
    FakeLm lm = new FakeLm(CharTokenizer.VOCAB, 64, CharTokenizer.PAD, FakeLm.scripted(
        CharTokenizer.VOCAB, p -> scripts.getOrDefault(p[0], new long[0]), CharTokenizer.EOS));
    StopStrings decoder = CharTokenizer::text;
    Set<Long> eos = Set.of(CharTokenizer.EOS);
    List<GenerationRequest> reqs = List.of(
        request("dot", CharTokenizer.ids("a"),
            new GenerationParams(20, false, 1f, 0, 1f, 1f, eos, List.of("."))),
        request("span", CharTokenizer.ids("bq"), // "cd" spans two tokens
            new GenerationParams(20, false, 1f, 0, 1f, 1f, eos, List.of("zz", "cd"))),
        request("none", CharTokenizer.ids("cqq"),
            new GenerationParams(20, false, 1f, 0, 1f, 1f, eos, List.of("."))),
        request("plain", CharTokenizer.ids("b"),
            new GenerationParams(5, false, 1f, 0, 1f, 1f, eos, List.of())));
    List<GenerationResult> out = new Generator(lm, decoder, null).generate(reqs);
    assertArrayEquals(CharTokenizer.ids("ab."), out.get(0).newIds());
    assertEquals(FinishReason.STOP_STRING, out.get(0).finishReason());
    assertEquals(".", out.get(0).stopString());
    assertArrayEquals(CharTokenizer.ids("abcd"), out.get(1).newIds());
    assertEquals("cd", out.get(1).stopString());
    assertEquals(FinishReason.EOS, out.get(2).finishReason());
    assertArrayEquals(new long[] {CharTokenizer.ids("x")[0], CharTokenizer.ids("y")[0],
        CharTokenizer.ids("z")[0], CharTokenizer.EOS}, out.get(2).newIds());
    assertArrayEquals(CharTokenizer.ids("abcde"), out.get(3).newIds());
    assertEquals(FinishReason.MAX_NEW_TOKENS, out.get(3).finishReason());
    for (int i = 0; i < reqs.size(); i++) {
      assertSameOutput(reference(lm, reqs.get(i), decoder), out.get(i));
    }
    // without a decoder, stop strings cannot be seen: rows run on
    GenerationResult blind = new Generator(lm, null, null).generate(List.of(reqs.get(0))).get(0);
    assertEquals(FinishReason.EOS, blind.finishReason());
    assertArrayEquals(concat(CharTokenizer.ids("ab.cd"), CharTokenizer.EOS), blind.newIds());
  }

  @Test
  void stopStringsAreWatchedOnATailSoLongRowsDecodeLinearly() {
    // 240 letters, then "!" (a stop string) and more letters: the row must stop right after "!"
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 240; i++) {
      script.append((char) ('a' + i % 26));
    }
    script.append("!xyz");
    FakeLm lm = new FakeLm(CharTokenizer.VOCAB, 512, CharTokenizer.PAD, FakeLm.scripted(
        CharTokenizer.VOCAB, p -> CharTokenizer.ids(script.toString()), CharTokenizer.EOS));
    java.util.concurrent.atomic.AtomicLong decoded = new java.util.concurrent.atomic.AtomicLong();
    StopStrings counting = (ids, length) -> {
      decoded.addAndGet(length);
      return CharTokenizer.text(ids, length);
    };
    GenerationRequest r = request("long", CharTokenizer.ids("a"), new GenerationParams(400, false,
        1f, 0, 1f, 1f, Set.of(CharTokenizer.EOS), List.of("!", "never seen")));
    GenerationResult out = new Generator(lm, counting, null).generate(List.of(r)).get(0);
    assertEquals(FinishReason.STOP_STRING, out.finishReason());
    assertEquals("!", out.stopString());
    assertEquals(241, out.newIds().length);
    assertSameOutput(reference(lm, r, CharTokenizer::text), out);
    // a whole-continuation decode per step would be 241 * 242 / 2 = 29161 tokens
    assertTrue(decoded.get() <= 241 * (8 + 4 * 10) + 241, "tokens decoded: " + decoded.get());
  }

  @Test
  void firstStopStringByPosition() {
    assertEquals("ab", StopStrings.firstIn("xxabyy", List.of("by", "ab")));
    assertEquals("by", StopStrings.firstIn("xxbyab", List.of("ab", "by")));
    // same position: the earlier one in the list (the cut is the same either way)
    assertEquals("ab", StopStrings.firstIn("xab", List.of("ab", "a")));
    assertEquals("a", StopStrings.firstIn("xab", List.of("a", "ab")));
    assertNull(StopStrings.firstIn("xyz", List.of("q")));
  }

  @Test
  void sampledRowsDoNotDependOnBatchNeighbours() {
    FakeLm lm = new FakeLm(VOCAB, 64, PAD, FakeLm.hashed(VOCAB, 0.7));
    SplittableRandom rnd = new SplittableRandom(11);
    GenerationRequest target = request("target", randomPrompt(rnd, 4), sampled(24));
    List<GenerationRequest> neighbours = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      neighbours.add(request("n" + i, randomPrompt(rnd, 1 + rnd.nextInt(20)), sampled(4 + i * 3)));
    }
    // each request needs a fresh generator per run: rebuild them with the same seed and id
    java.util.function.Function<GenerationRequest, GenerationRequest> fresh = r ->
        new GenerationRequest(r.id(), r.promptIds(), r.params(), RowSeeds.generator(42, r.id()));

    GenerationResult alone = new Generator(lm, null, null).generate(List.of(fresh.apply(target)))
        .get(0);
    List<GenerationRequest> three = List.of(neighbours.get(0), fresh.apply(target),
        neighbours.get(1));
    GenerationResult inThree = new Generator(lm, null, null).generate(three.stream()
        .map(fresh).toList()).get(1);
    List<GenerationRequest> eight = new ArrayList<>(neighbours.subList(1, 7));
    eight.add(fresh.apply(target));
    eight.add(0, neighbours.get(0));
    List<GenerationResult> out8 = new Generator(lm, null, null).generate(eight.stream()
        .map(fresh).toList());
    GenerationResult inEight = out8.get(7);

    assertSameOutput(reference(lm, fresh.apply(target), null), alone);
    assertSameOutput(alone, inThree);
    assertSameOutput(alone, inEight);
    for (int i = 0; i < 7; i++) {
      assertSameOutput(reference(lm, fresh.apply(eight.get(i)), null), out8.get(i));
    }
    // the generator matters: another seed gives another continuation
    GenerationResult otherSeed = new Generator(lm, null, null).generate(List.of(
        new GenerationRequest("target", target.promptIds(), target.params(),
            RowSeeds.generator(43, "target")))).get(0);
    assertFalse(Arrays.equals(alone.newIds(), otherSeed.newIds()));
  }

  @Test
  void stateIsClosedWhenTheModelFails() {
    FakeLm lm = new FakeLm(VOCAB, 64, PAD, FakeLm.hashed(VOCAB, 1.0));
    lm.fault = (prompt, generated) -> generated.length == 2;
    assertThrows(IllegalStateException.class, () -> new Generator(lm, null, null).generate(
        List.of(request("x", new long[] {9, 9}, greedy(10, 1f)))));
    assertTrue(lm.states.get(0).closed);
  }

  private static long[] concat(long[] a, long b) {
    long[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
