package io.genpipe.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.runtime.generate.DecoderState;
import io.genpipe.runtime.generate.GenerationParams;
import io.genpipe.runtime.generate.GenerationRequest;
import io.genpipe.runtime.generate.Generator;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one generation loop on every exporter layout the fixtures cover. */
class FixtureVariantsTest {
  private static final long[][] PROMPTS = {{1, 292, 390, 340}, {1, 40, 41}, {1, 300, 301, 302, 303, 304, 305}};

  @TempDir Path tmp;

  private static GenerationParams greedy(int tokens) {
    return new GenerationParams(tokens, false, 1f, 50, 1f, 1f, Set.of(), List.of());
  }

  private static List<long[]> generate(OnnxCausalLm lm, long[][] prompts, int tokens) {
    List<GenerationRequest> reqs = new ArrayList<>();
    for (int i = 0; i < prompts.length; i++) {
      reqs.add(new GenerationRequest("r" + i, prompts[i], greedy(tokens), new SplittableRandom(i)));
    }
    return new Generator(lm, null, null).generate(reqs).stream().map(r -> r.newIds()).toList();
  }

  private OnnxCausalLm load(DecoderVariant v) {
    Path dir = TinyDecoderModels.write(tmp.resolve(v.name()), v);
    return OnnxCausalLm.load("fixture-" + v, dir, SessionConf.CPU_DEFAULT);
  }

  @ParameterizedTest
  @EnumSource(DecoderVariant.class)
  void leftPaddedBatchGivesEachRowItsOwnTokens(DecoderVariant v) {
    try (OnnxCausalLm lm = load(v)) {
      List<long[]> batched = generate(lm, PROMPTS, 12);
      for (int i = 0; i < PROMPTS.length; i++) {
        assertArrayEquals(generate(lm, new long[][] {PROMPTS[i]}, 12).get(0), batched.get(i),
            v + " row " + i);
      }
    }
  }

  @Test
  void layoutsOfTheSameWeightsAgree() {
    try (OnnxCausalLm standard = load(DecoderVariant.STANDARD);
        OnnxCausalLm noPositions = load(DecoderVariant.NO_POSITION_IDS);
        OnnxCausalLm merged = load(DecoderVariant.MERGED_USE_CACHE_BRANCH)) {
      List<long[]> expected = generate(standard, PROMPTS, 12);
      List<long[]> a = generate(noPositions, PROMPTS, 12);
      List<long[]> b = generate(merged, PROMPTS, 12);
      for (int i = 0; i < PROMPTS.length; i++) {
        assertArrayEquals(expected.get(i), a.get(i), "no position_ids, row " + i);
        assertArrayEquals(expected.get(i), b.get(i), "merged decoder, row " + i);
      }
    }
  }

  @Test
  void legacyDecoderPairAgreesWithTheSingleFile() {
    Path dir = io.genpipe.testing.LegacyDecoderPair.write(tmp.resolve("legacy"));
    try (OnnxCausalLm standard = load(DecoderVariant.STANDARD);
        OnnxCausalLm pair = OnnxCausalLm.load("legacy-pair", dir, SessionConf.CPU_DEFAULT)) {
      List<long[]> expected = generate(standard, PROMPTS, 12);
      List<long[]> actual = generate(pair, PROMPTS, 12);
      for (int i = 0; i < PROMPTS.length; i++) {
        assertArrayEquals(expected.get(i), actual.get(i), "legacy pair, row " + i);
      }
    }
  }

  @Test
  void float16CacheAndLogitsMatchFloat32WithinHalfPrecision() {
    try (OnnxCausalLm fp32 = load(DecoderVariant.STANDARD);
        OnnxCausalLm fp16 = load(DecoderVariant.FLOAT16);
        DecoderState s32 = fp32.start(1);
        DecoderState s16 = fp16.start(1)) {
      long[][] tokens = {PROMPTS[0]};
      long[][] mask = {{1, 1, 1, 1}};
      for (int step = 0; step < 4; step++) {
        float[] a = s32.step(tokens, mask)[0];
        float[] b = s16.step(tokens, mask)[0];
        float maxDiff = 0;
        for (int k = 0; k < a.length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
        }
        assertTrue(maxDiff < 5e-2, "step " + step + " max |fp32 - fp16| = " + maxDiff);
        tokens = new long[][] {{argmax(a)}};
        mask = new long[][] {ones(mask[0].length + 1)};
      }
    }
  }

  @Test
  void compactionKeepsSurvivingRowsExact() {
    try (OnnxCausalLm lm = load(DecoderVariant.STANDARD);
        DecoderState all = lm.start(3);
        DecoderState one = lm.start(1)) {
      long[][] padded = {{0, 0, 0, 1, 40, 41, 42}, {1, 300, 301, 302, 303, 304, 305}, {0, 0, 0, 1, 292, 390, 340}};
      long[][] mask = {{0, 0, 0, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 1, 1, 1, 1}};
      all.step(padded, mask);
      all.retain(new int[] {2});
      float[] kept = all.step(new long[][] {{7}}, new long[][] {{0, 0, 0, 1, 1, 1, 1, 1}})[0];
      one.step(new long[][] {{1, 292, 390, 340}}, new long[][] {{1, 1, 1, 1}});
      float[] alone = one.step(new long[][] {{7}}, new long[][] {{1, 1, 1, 1, 1}})[0];
      for (int k = 0; k < kept.length; k++) {
        assertEquals(alone[k], kept[k], 1e-4, "logit " + k);
      }
    }
  }

  @Test
  void folderWithoutDecoderIsRefusedNamingTheExpectedFiles() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    OnnxModelException e = assertThrows(OnnxModelException.class,
        () -> OnnxCausalLm.load("x", empty, SessionConf.CPU_DEFAULT));
    assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains("decoder_model_merged.onnx"),
        e.getMessage());
  }

  @Test
  void corruptOnnxIsRefusedNamingTheFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("corrupt"));
    Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5});
    OnnxModelException e = assertThrows(OnnxModelException.class,
        () -> OnnxCausalLm.load("x", dir, SessionConf.CPU_DEFAULT));
    assertTrue(e.getMessage().contains(dir.resolve("model.onnx").toString()), e.getMessage());
  }

  private static long argmax(float[] a) {
    int best = 0;
    for (int i = 1; i < a.length; i++) {
      if (a[i] > a[best]) {
        best = i;
      }
    }
    return best;
  }

  private static long[] ones(int n) {
    long[] out = new long[n];
    java.util.Arrays.fill(out, 1);
    return out;
  }
}
