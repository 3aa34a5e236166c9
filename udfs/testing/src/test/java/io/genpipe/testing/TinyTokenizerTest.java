package io.genpipe.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated tokenizer.json loads in DJL's Hugging Face tokenizer and agrees with the Java BPE. */
class TinyTokenizerTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeFixture() {
    TinyDecoderModels.write(dir, DecoderVariant.STANDARD);
  }

  @Test
  void vocabularyHasTheLlamaLayout() {
    TinyBpeTokenizer tokenizer = TinyDecoderModels.tokenizer();
    Map<String, Integer> vocab = tokenizer.vocab();
    assertEquals(0, vocab.get("<unk>"));
    assertEquals(1, vocab.get("<s>"));
    assertEquals(2, vocab.get("</s>"));
    assertEquals(3, vocab.get("<0x00>"));
    assertEquals(258, vocab.get("<0xFF>"));
    assertEquals(TinyBpeTokenizer.DEFAULT_MERGES, tokenizer.merges().size());
    assertEquals(TinyDecoderModels.spec().vocab(), tokenizer.vocabSize());
    Set<String> pairs = new HashSet<>();
    for (String[] merge : tokenizer.merges()) {
      assertTrue(pairs.add(merge[0] + " " + merge[1]), "duplicate merge");
      assertTrue(vocab.containsKey(merge[0]) && vocab.containsKey(merge[1]) && vocab.containsKey(merge[0] + merge[1]));
    }
  }

  @Test
  void djlEncodesHelloWorldWithBosFirstAndDecodesBack() throws Exception {
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(dir)) {
      Encoding encoding = hf.encode("hello world");
      assertArrayEquals(new long[] {1, 292, 390, 340}, encoding.getIds());
      assertArrayEquals(new String[] {"<s>", "▁he", "llo", "▁world"}, encoding.getTokens());
      assertEquals("hello world", hf.decode(encoding.getIds(), true));
    }
  }

  @Test
  void djlAgreesWithTheJavaBpeAndRoundTrips() throws Exception {
    List<String> texts = new ArrayList<>(EnglishCorpus.STORIES);
    texts.addAll(List.of("Café 42 naïve — ok?", "  two  spaces ", "Hello, World!"));
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(dir)) {
      for (String text : texts) {
        long[] ids = hf.encode(text).getIds();
        List<Long> expected = new ArrayList<>(List.of((long) TinyBpeTokenizer.BOS));
        TinyDecoderModels.tokenizer().encode(text).forEach(id -> expected.add((long) id));
        assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), ids, text);
        assertEquals(text, hf.decode(ids, true));
      }
    }
  }

  @Test
  void unknownCharactersFallBackToBytes() {
    List<Integer> ids = TinyDecoderModels.tokenizer().encode("é");
    assertEquals(List.of(TinyBpeTokenizer.FIRST_BYTE + 0xC3, TinyBpeTokenizer.FIRST_BYTE + 0xA9), ids.subList(1, 3));
  }
}
