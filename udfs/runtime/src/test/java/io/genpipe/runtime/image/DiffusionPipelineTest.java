package io.genpipe.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's batching, guidance and randomness over a fake backend. */
class DiffusionPipelineTest {
  @TempDir Path tmp;

  /** A deterministic stand-in: text = ids, noise mixes sample, timestep and the text mean. */
  static class FakeBackend implements DiffusionBackend {
    final List<int[][]> encoded = new ArrayList<>();
    final List<Integer> unetBatchSizes = new ArrayList<>();
    final List<float[][]> unetSamples = new ArrayList<>();

    @Override
    public int latentChannels() {
      return 4;
    }

    @Override
    public float vaeScalingFactor() {
      return 0.18215f;
    }

    @Override
    public int timestepCondDim() {
      return 0;
    }

    @Override
    public float[][] encodeText(int[][] ids) {
      encoded.add(ids);
      float[][] out = new float[ids.length][];
      for (int r = 0; r < ids.length; r++) {
        out[r] = new float[ids[r].length];
        for (int i = 0; i < ids[r].length; i++) {
          out[r][i] = ids[r][i] * 1e-3f;
        }
      }
      return out;
    }

    @Override
    public float[][] predictNoise(UnetBatch b) {
      unetBatchSizes.add(b.samples().length);
      unetSamples.add(b.samples());
      float[][] out = new float[b.samples().length][];
      for (int r = 0; r < out.length; r++) {
        double mean = 0;
        for (float v : b.textStates()[r]) {
          mean += v;
        }
        mean /= b.textStates()[r].length;
        out[r] = new float[b.samples()[r].length];
        for (int i = 0; i < out[r].length; i++) {
          out[r][i] = (float) (0.3 * b.samples()[r][i] + mean + b.timestep() * 1e-4);
        }
      }
      return out;
    }

    @Override
    public float[][] decode(float[][] latents, int h, int w) {
      float[][] out = new float[latents.length][3 * 64 * h * w];
      for (int r = 0; r < latents.length; r++) {
        for (int c = 0; c < 3; c++) {
          for (int y = 0; y < 8 * h; y++) {
            for (int x = 0; x < 8 * w; x++) {
              float v = latents[r][(c * h + y / 8) * w + x / 8];
              out[r][(c * 8 * h + y) * 8 * w + x] = (float) Math.tanh(0.05 * v);
            }
          }
        }
      }
      return out;
    }
  }

  private DiffusionPipeline pipeline(FakeBackend backend) {
    PromptTokenizer tokenizer = ClipTokenizers.load(TinyClipFiles.writeBpe(tmp.resolve("tok"),
        "<|endoftext|>"));
    SchedulerConfig config = SchedulersTest.sd15();
    return new DiffusionPipeline("tiny-sd", backend, tokenizer, config);
  }

  private static ImageRequest request(String id, String prompt, long seed, float guidance,
      SchedulerName scheduler, String latents) {
    return new ImageRequest(id, prompt, new ImageParams("", 64, 64, 3, guidance, scheduler, latents),
        seed);
  }

  @Test
  void rowsDoNotDependOnTheirBatchNeighbours() {
    DiffusionPipeline p = pipeline(new FakeBackend());
    List<ImageRequest> batch = List.of(request("a", "the cat", 1, 7f, SchedulerName.EULER_A, null),
        request("b", "a red photo", 2, 7f, SchedulerName.EULER_A, null),
        request("c", "the cat", 1, 7f, SchedulerName.EULER_A, null));
    List<ImageResult> together = p.generate(batch);
    for (int i = 0; i < batch.size(); i++) {
      ImageResult alone = p.generate(List.of(batch.get(i))).get(0);
      assertArrayEquals(alone.image().pixels(), together.get(i).image().pixels(), "row " + i);
    }
    assertFalse(Arrays.equals(together.get(0).image().pixels(), together.get(2).image().pixels()),
        "rows a and c share seed and prompt but not id, so not their noise");
  }

  @Test
  void guidedBatchesPutTheUnconditionalHalfFirst() {
    FakeBackend backend = new FakeBackend();
    DiffusionPipeline p = pipeline(backend);
    ImageParams params = new ImageParams("red", 64, 64, 2, 7.5f, SchedulerName.EULER, null);
    p.generate(List.of(new ImageRequest("a", "the cat", params, 3)));
    int[][] ids = backend.encoded.get(0);
    assertEquals(2, ids.length);
    assertEquals(524, ids[0][1], "negative prompt 'red' first");
    assertEquals(513, ids[1][1], "prompt 'the cat' second");
    assertEquals(List.of(2, 2), backend.unetBatchSizes);
  }

  @Test
  void incompatibleRowsRunInSeparateBatchesAndKeepTheirOrder() {
    FakeBackend backend = new FakeBackend();
    List<ImageResult> results = pipeline(backend).generate(List.of(
        request("guided", "the cat", 1, 7f, SchedulerName.EULER, null),
        request("plain", "the cat", 1, 1f, SchedulerName.EULER, null),
        request("guided2", "a cat", 1, 7f, SchedulerName.EULER, null)));
    assertEquals(List.of("guided", "plain", "guided2"), results.stream().map(ImageResult::id).toList());
    assertEquals(List.of(4, 4, 4, 1, 1, 1), backend.unetBatchSizes);
    assertFalse(Arrays.equals(results.get(0).image().pixels(), results.get(1).image().pixels()));
  }

  @Test
  void suppliedLatentsMakeDeterministicSamplersSeedIndependent() throws Exception {
    float[] latents = LatentsFileTest.ramp(4 * 8 * 8);
    Path file = Files.write(tmp.resolve("l.bin"), LatentsFileTest.raw(latents));
    DiffusionPipeline p = pipeline(new FakeBackend());
    ImageResult a = p.generate(List.of(request("a", "cat", 1, 7f, SchedulerName.EULER, file.toString()))).get(0);
    ImageResult b = p.generate(List.of(request("a", "cat", 99, 7f, SchedulerName.EULER, file.toString()))).get(0);
    assertArrayEquals(a.image().pixels(), b.image().pixels());
  }

  /**
   * Supplied latents are unscaled N(0,1) noise that the pipeline multiplies by the scheduler's
   * init_noise_sigma (Euler on SD 1.5: 4.24), as diffusers does: a file holding exactly the row's
   * own seeded noise gives the seeded run's image.
   */
  @Test
  void suppliedLatentsAreScaledByInitNoiseSigmaLikeTheSeededNoise() throws Exception {
    Scheduler euler = Schedulers.create(SchedulersTest.sd15(), SchedulerName.EULER, 3);
    assertTrue(Math.abs(euler.initNoiseSigma() - 1f) > 1f, "a scheduler whose sigma matters");
    float[] noise = new float[4 * 8 * 8];
    Gaussian.fill(noise, io.genpipe.runtime.generate.RowSeeds.generator(42, "row"));
    Path file = Files.write(tmp.resolve("own-noise.f32"), LatentsFileTest.raw(noise));
    FakeBackend backend = new FakeBackend();
    DiffusionPipeline p = pipeline(backend);
    ImageResult seeded = p.generate(List.of(request("row", "cat", 42, 7f, SchedulerName.EULER, null))).get(0);
    ImageResult supplied = p.generate(List.of(
        request("row", "cat", 42, 7f, SchedulerName.EULER, file.toString()))).get(0);
    assertArrayEquals(seeded.image().pixels(), supplied.image().pixels());
    // the UNet's first input: noise * init_noise_sigma / sqrt(sigma_0² + 1)
    double sigma0 = new SigmaSchedule(SchedulersTest.sd15().resolve(SchedulerName.EULER), 3).sigmas[0];
    float[] first = backend.unetSamples.get(3)[0];
    for (int i = 0; i < noise.length; i++) {
      assertEquals(noise[i] * euler.initNoiseSigma() / Math.sqrt(sigma0 * sigma0 + 1), first[i],
          1e-5, "element " + i);
    }
    float[] doubled = noise.clone();
    for (int i = 0; i < doubled.length; i++) {
      doubled[i] *= 2;
    }
    Path other = Files.write(tmp.resolve("doubled.f32"), LatentsFileTest.raw(doubled));
    ImageResult scaled = p.generate(List.of(
        request("row", "cat", 42, 7f, SchedulerName.EULER, other.toString()))).get(0);
    assertFalse(Arrays.equals(seeded.image().pixels(), scaled.image().pixels()),
        "the fake backend's image follows the latents' scale");
  }

  /** With euler_a, supplied latents fix the initial noise; the step noise still follows the seed. */
  @Test
  void suppliedLatentsLeaveStochasticStepNoiseToTheSeed() throws Exception {
    Path file = Files.write(tmp.resolve("a.bin"), LatentsFileTest.raw(LatentsFileTest.ramp(4 * 8 * 8)));
    DiffusionPipeline p = pipeline(new FakeBackend());
    ImageResult a = p.generate(List.of(request("a", "cat", 1, 7f, SchedulerName.EULER_A, file.toString()))).get(0);
    ImageResult again = p.generate(List.of(request("a", "cat", 1, 7f, SchedulerName.EULER_A, file.toString()))).get(0);
    ImageResult b = p.generate(List.of(request("a", "cat", 99, 7f, SchedulerName.EULER_A, file.toString()))).get(0);
    assertArrayEquals(a.image().pixels(), again.image().pixels());
    assertFalse(Arrays.equals(a.image().pixels(), b.image().pixels()));
  }

  @Test
  void aBadLatentsFileFailsOnlyItsRow() {
    List<ImageResult> results = pipeline(new FakeBackend()).generate(List.of(
        request("bad", "cat", 1, 7f, SchedulerName.EULER, tmp.resolve("none.npy").toString()),
        request("good", "cat", 1, 7f, SchedulerName.EULER, null)));
    assertEquals("invalid_params", results.get(0).errorClass());
    assertTrue(results.get(0).errorMessage().startsWith("latents"), results.get(0).errorMessage());
    assertTrue(results.get(1).isOk());
    assertEquals(64, results.get(1).image().width());
  }

  @Test
  void stepsBeyondTheSchedulersLimitAreRowErrors() {
    List<ImageResult> results = pipeline(new FakeBackend()).generate(List.of(new ImageRequest("x",
        "cat", new ImageParams("", 64, 64, 60, 1f, SchedulerName.LCM, null), 1)));
    assertEquals("invalid_params", results.get(0).errorClass());
    assertTrue(results.get(0).errorMessage().contains("num_inference_steps"),
        results.get(0).errorMessage());
  }

  @Test
  void batchesFollowTheMemoryBudgetAndNeverChangeAnImage() {
    List<ImageRequest> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(request("g" + i, "cat " + i, i, 7f, SchedulerName.EULER_A, null));
    }
    for (int i = 0; i < 5; i++) {
      rows.add(request("p" + i, "dog " + i, i, 1f, SchedulerName.EULER_A, null));
    }
    long twoGuided = 2 * ImageBatchLimits.rowBytes(64, 64, true);
    FakeBackend budgeted = new FakeBackend();
    List<ImageResult> together = pipeline(budgeted).generate(rows,
        new ImageBatchLimits(twoGuided, 8));
    // guided rows 2 + 2 + 1 (UNet rows doubled), unguided 4 + 1 (half the memory each); 3 steps each
    assertEquals(List.of(4, 4, 4, 4, 4, 4, 2, 2, 2, 4, 4, 4, 1, 1, 1), budgeted.unetBatchSizes);
    List<ImageResult> alone = pipeline(new FakeBackend()).generate(rows,
        new ImageBatchLimits(Long.MAX_VALUE, 1));
    for (int i = 0; i < rows.size(); i++) {
      assertArrayEquals(alone.get(i).image().pixels(), together.get(i).image().pixels(), "row " + i);
    }
  }

  /** A backend that refuses one latent width, as a fixed-shape export refuses other sizes. */
  static class FixedWidthBackend extends FakeBackend {
    private final int latentWidth;
    private final RuntimeException failure;

    FixedWidthBackend(int latentWidth, RuntimeException failure) {
      this.latentWidth = latentWidth;
      this.failure = failure;
    }

    @Override
    public float[][] predictNoise(UnetBatch b) {
      if (b.latentWidth() != latentWidth) {
        throw failure;
      }
      return super.predictNoise(b);
    }
  }

  @Test
  void aFailingBatchFailsExactlyItsRows() {
    FixedWidthBackend backend = new FixedWidthBackend(8,
        new IllegalStateException("unet failed (INVALID_ARGUMENT): Got invalid dimensions"));
    ImageParams wide = new ImageParams("", 128, 64, 3, 7f, SchedulerName.EULER, null);
    List<ImageResult> results = pipeline(backend).generate(List.of(
        request("ok-1", "cat", 1, 7f, SchedulerName.EULER, null),
        new ImageRequest("wide-1", "cat", wide, 1),
        request("ok-2", "dog", 2, 7f, SchedulerName.EULER, null),
        new ImageRequest("wide-2", "dog", wide, 2)));
    assertTrue(results.get(0).isOk());
    assertTrue(results.get(2).isOk());
    for (int i : new int[] {1, 3}) {
      ImageResult r = results.get(i);
      assertEquals(DiffusionPipeline.GENERATION_ERROR, r.errorClass());
      String m = r.errorMessage();
      assertTrue(m.contains("model tiny-sd") && m.contains("[wide-1, wide-2]")
          && m.contains("128x64") && m.contains("Got invalid dimensions"), m);
    }
  }

  @Test
  void errorsAreNotTurnedIntoRows() {
    FixedWidthBackend backend = new FixedWidthBackend(8, null) {
      @Override
      public float[][] predictNoise(UnetBatch b) {
        throw new OutOfMemoryError("test");
      }
    };
    DiffusionPipeline p = pipeline(backend);
    org.junit.jupiter.api.Assertions.assertThrows(OutOfMemoryError.class,
        () -> p.generate(List.of(request("a", "cat", 1, 7f, SchedulerName.EULER, null))));
  }
}
