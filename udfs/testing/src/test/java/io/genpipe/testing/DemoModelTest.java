package io.genpipe.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo model: STANDARD contract, under 300 KB, KV cache consistent, output made of story words. */
class DemoModelTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeDemo() {
    DemoModels.writeDemoTextModel(dir);
  }

  @Test
  void staysSmallAndCarriesAnApacheCard() throws Exception {
    long total;
    try (Stream<Path> files = Files.list(dir)) {
      total = files.mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(total < 300_000, "demo model folder is " + total + " bytes");
    String card = Files.readString(dir.resolve("README.md"));
    assertTrue(card.startsWith("---\nlicense: apache-2.0\n"), card);
    assertTrue(card.contains("generated, not trained"), card);
  }

  @Test
  void greedyDecodingWithCacheMatchesRecomputeAndReadsLikeTheStories() throws Exception {
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(dir);
        DecoderRunner runner = new DecoderRunner(dir.resolve("model.onnx"))) {
      long[] prompt = hf.encode("Once upon a time").getIds();
      List<Long> tokens = new ArrayList<>();
      for (long id : prompt) {
        tokens.add(id);
      }
      long[][] mask = {filled(prompt.length)};
      DecoderRunner.Step step = runner.prefill(new long[][] {prompt}, mask);
      for (int i = 0; i < 12; i++) {
        assertArrayEquals(runner.recomputeLast(tokens), step.lastLogits(0), 1e-4f);
        long next = KvCacheParityTest.argmax(step.lastLogits(0));
        tokens.add(next);
        mask = new long[][] {filled(tokens.size())};
        step = runner.next(new long[][] {{next}}, mask, step);
      }
      String text = hf.decode(tokens.stream().mapToLong(Long::longValue).toArray(), true);
      assertTrue(text.startsWith("Once upon a time"), text);
      assertEquals(Set.of(), unknownWords(text), "words not in the stories: " + text);
    }
  }

  private static Set<String> unknownWords(String text) {
    Set<String> known = words(EnglishCorpus.text());
    Set<String> unknown = new HashSet<>(words(text));
    unknown.removeAll(known);
    return unknown;
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static long[] filled(int n) {
    long[] ones = new long[n];
    java.util.Arrays.fill(ones, 1L);
    return ones;
  }
}
