package io.genpipe.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract's cache semantics, checked with real ONNX Runtime: a left-padded batch decoded
 * incrementally (prefill, then greedy steps feeding {@code present.*} back) gives, row by row,
 * the same last-position logits as a full recompute of the unpadded sequence without cache.
 */
class KvCacheParityTest {

  private static final long[][] PROMPTS = {{1, 300, 301, 302, 303, 304}, {1, 400, 12, 401}};
  private static final int STEPS = 5;

  @ParameterizedTest
  @EnumSource(DecoderVariant.class)
  void incrementalLeftPaddedDecodingMatchesFullRecompute(DecoderVariant variant, @TempDir Path dir) throws Exception {
    TinyDecoderModels.write(dir, variant);
    float tolerance = variant.isFloat16() ? 1e-2f : 1e-4f;
    try (DecoderRunner runner = new DecoderRunner(TinyDecoderModels.modelFile(dir, variant))) {
      List<List<Long>> rows = unpadded();
      long[][] mask = leftPaddedMask();
      DecoderRunner.Step step = runner.prefill(leftPaddedIds(), mask);
      for (int t = 0; ; t++) {
        assertPresentLength(step, mask[0].length);
        for (int b = 0; b < rows.size(); b++) {
          float[] expected = runner.recomputeLast(rows.get(b));
          assertArrayEquals(expected, step.lastLogits(b), tolerance, variant + " row " + b + " step " + t);
        }
        if (t == STEPS) {
          return;
        }
        long[][] next = new long[rows.size()][1];
        for (int b = 0; b < rows.size(); b++) {
          next[b][0] = argmax(step.lastLogits(b));
          rows.get(b).add(next[b][0]);
        }
        mask = extend(mask);
        step = runner.next(next, mask, step);
      }
    }
  }

  @Test
  void derivedPositionsEqualDeclaredPositionIds(@TempDir Path dir) throws Exception {
    Path standard = TinyDecoderModels.write(dir.resolve("a"), DecoderVariant.STANDARD);
    Path derived = TinyDecoderModels.write(dir.resolve("b"), DecoderVariant.NO_POSITION_IDS);
    try (DecoderRunner a = new DecoderRunner(TinyDecoderModels.modelFile(standard, DecoderVariant.STANDARD));
        DecoderRunner b = new DecoderRunner(TinyDecoderModels.modelFile(derived, DecoderVariant.NO_POSITION_IDS))) {
      DecoderRunner.Step x = a.prefill(leftPaddedIds(), leftPaddedMask());
      DecoderRunner.Step y = b.prefill(leftPaddedIds(), leftPaddedMask());
      for (int row = 0; row < PROMPTS.length; row++) {
        assertArrayEquals(x.lastLogits(row), y.lastLogits(row), 1e-5f);
      }
    }
  }

  @Test
  void logitsAreWellSpreadForGreedyChoices(@TempDir Path dir) throws Exception {
    TinyDecoderModels.write(dir, DecoderVariant.STANDARD);
    List<List<Long>> prompts = unpadded();
    for (String text : new String[] {"hello world", "Once upon a time", "The cat sat on the mat."}) {
      List<Long> ids = new ArrayList<>(List.of((long) TinyBpeTokenizer.BOS));
      TinyDecoderModels.tokenizer().encode(text).forEach(id -> ids.add((long) id));
      prompts.add(ids);
    }
    try (DecoderRunner runner = new DecoderRunner(TinyDecoderModels.modelFile(dir, DecoderVariant.STANDARD))) {
      for (List<Long> tokens : prompts) {
        for (int i = 0; i < 20; i++) {
          float[] sorted = runner.recomputeLast(tokens);
          tokens.add((long) argmax(sorted));
          Arrays.sort(sorted);
          float gap = sorted[sorted.length - 1] - sorted[sorted.length - 2];
          assertTrue(gap > 0.03f, "top-1/top-2 gap " + gap + " at " + tokens);
          assertTrue(sorted[sorted.length - 1] < 16f && sorted[0] > -16f, "logits stay in float16's fine range");
        }
      }
    }
  }

  private static void assertPresentLength(DecoderRunner.Step step, long total) {
    for (DecoderRunner.Tensor present : step.presents()) {
      long[] expected = {PROMPTS.length, 2, total, 8};
      assertArrayEquals(expected, present.shape(), "present shape");
    }
  }

  static List<List<Long>> unpadded() {
    List<List<Long>> rows = new ArrayList<>();
    for (long[] prompt : PROMPTS) {
      rows.add(new ArrayList<>(Arrays.stream(prompt).boxed().toList()));
    }
    return rows;
  }

  static long[][] leftPaddedIds() {
    int width = PROMPTS[0].length;
    long[][] ids = new long[PROMPTS.length][width];
    for (int b = 0; b < PROMPTS.length; b++) {
      System.arraycopy(PROMPTS[b], 0, ids[b], width - PROMPTS[b].length, PROMPTS[b].length);
    }
    return ids;
  }

  static long[][] leftPaddedMask() {
    int width = PROMPTS[0].length;
    long[][] mask = new long[PROMPTS.length][width];
    for (int b = 0; b < PROMPTS.length; b++) {
      Arrays.fill(mask[b], width - PROMPTS[b].length, width, 1L);
    }
    return mask;
  }

  private static long[][] extend(long[][] mask) {
    long[][] out = new long[mask.length][];
    for (int b = 0; b < mask.length; b++) {
      out[b] = Arrays.copyOf(mask[b], mask[b].length + 1);
      out[b][mask[b].length] = 1L;
    }
    return out;
  }

  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
