package io.genpipe.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden ids for the tiny CLIP vocabulary, and the pure-Java BPE against the Rust tokenizers
 * library (DJL) on an equivalent tokenizer.json: the slow oracle for the fast path.
 */
class ClipTokenizerTest {
  private static final int A = 256 + ('a' - '!');
  private static final int BANG = 256;
  private static final int THE = 513;
  private static final int CAT = 515;
  private static final int OF = 516;
  private static final int PHOTO = 520;
  private static final int RED = 524;
  private static final String[] PROMPTS = {"A photo of the cat!", "  The\tCAT's   red, and 2024 ",
      "café naïve — 東京 <|endoftext|> x", "", "thethe the-cat phot photos", "¿¡ emoji 🙂 ok?"};

  @TempDir Path tmp;

  @Test
  void goldenIdsPaddedWithEosLikeSd1() {
    PromptTokenizer t = ClipTokenizers.load(TinyClipFiles.writeBpe(tmp, "<|endoftext|>"));
    assertInstanceOf(ClipBpeTokenizer.class, t);
    TokenizedPrompt p = t.encode("A photo of the cat!");
    int[] expected = new int[77];
    Arrays.fill(expected, TinyClipFiles.EOS);
    int[] head = {TinyClipFiles.BOS, A, PHOTO, OF, THE, CAT, BANG, TinyClipFiles.EOS};
    System.arraycopy(head, 0, expected, 0, head.length);
    assertArrayEquals(expected, p.ids());
    assertEquals(6, p.promptTokens());
    assertFalse(p.truncated());
    int apostrophe = '\'' - '!';
    int sWord = 256 + ('s' - '!');
    assertArrayEquals(new int[] {TinyClipFiles.BOS, THE, CAT, apostrophe, sWord, RED,
        TinyClipFiles.EOS}, Arrays.copyOf(t.encode("The  CAT's\tred").ids(), 7));
  }

  @Test
  void sd2StylePadTokenIsHonoured() {
    PromptTokenizer t = ClipTokenizers.load(TinyClipFiles.writeBpe(tmp, "!"));
    int[] ids = t.encode("the cat").ids();
    assertArrayEquals(new int[] {TinyClipFiles.BOS, THE, CAT, TinyClipFiles.EOS, 0, 0},
        Arrays.copyOf(ids, 6));
    assertEquals(0, ids[76]);
  }

  @Test
  void longPromptsAreTruncatedKeepingEos() {
    PromptTokenizer t = ClipTokenizers.load(TinyClipFiles.writeBpe(tmp, "<|endoftext|>"));
    TokenizedPrompt p = t.encode("cat ".repeat(100));
    assertEquals(100, p.promptTokens());
    assertTrue(p.truncated());
    assertEquals(TinyClipFiles.BOS, p.ids()[0]);
    assertEquals(CAT, p.ids()[75]);
    assertEquals(TinyClipFiles.EOS, p.ids()[76]);
  }

  @Test
  void pureJavaBpeMatchesRustTokenizers() {
    PromptTokenizer bpe = ClipTokenizers.load(TinyClipFiles.writeBpe(tmp.resolve("bpe"), "!"));
    try (PromptTokenizer rust = ClipTokenizers.load(
        TinyClipFiles.writeTokenizerJson(tmp.resolve("json"), "!"))) {
      assertInstanceOf(ClipHfTokenizer.class, rust);
      for (String prompt : PROMPTS) {
        TokenizedPrompt a = bpe.encode(prompt);
        TokenizedPrompt b = rust.encode(prompt);
        assertArrayEquals(b.ids(), a.ids(), "prompt: " + prompt);
        assertEquals(b.promptTokens(), a.promptTokens(), "prompt: " + prompt);
      }
    }
  }

  @Test
  void missingTokenizerNamesTheFolder() {
    ModelConfigException e = assertThrows(ModelConfigException.class,
        () -> ClipTokenizers.load(tmp.resolve("nothing")));
    assertTrue(e.getMessage().contains("nothing") && e.getMessage().contains("merges.txt"),
        e.getMessage());
  }
}
