package io.genpipe.onnx.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.OnnxModelException;
import io.genpipe.onnx.SessionConf;
import io.genpipe.runtime.generate.InvalidParamsException;
import io.genpipe.runtime.generate.ParamsParser;
import io.genpipe.runtime.image.ImageMarking;
import io.genpipe.runtime.image.ImageParams;
import io.genpipe.runtime.image.ImageRequest;
import io.genpipe.runtime.image.ImageResult;
import io.genpipe.runtime.image.PngEncoder;
import io.genpipe.runtime.image.SchedulerName;
import io.genpipe.testing.sd.SdVariant;
import io.genpipe.testing.sd.TinyStableDiffusion;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** End to end on the generated fixtures of both exporter contracts, with real ONNX Runtime. */
class ImageModelTest {
  private static final Map<SdVariant, ImageModel> MODELS = new EnumMap<>(SdVariant.class);

  @TempDir static Path fixtures;
  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    for (SdVariant v : SdVariant.values()) {
      Path dir = TinyStableDiffusion.write(fixtures.resolve(v.name()), v);
      MODELS.put(v, ImageModel.load("tiny-sd-" + v, dir, new SessionConf(ExecutionDevice.CPU, 1, true)));
    }
  }

  @AfterAll
  static void close() {
    MODELS.values().forEach(ImageModel::close);
  }

  private static ImageParams params(int steps, float guidance, SchedulerName scheduler, String latents) {
    return new ImageParams("", 64, 64, steps, guidance, scheduler, latents);
  }

  private static ImageResult one(SdVariant v, ImageRequest r) {
    ImageResult result = MODELS.get(v).generate(List.of(r)).get(0);
    assertTrue(result.isOk(), result.errorClass() + ": " + result.errorMessage());
    return result;
  }

  private static int[] pixels(SdVariant v, String id, String prompt, long seed, ImageParams p) {
    return one(v, new ImageRequest(id, prompt, p, seed)).image().pixels();
  }

  @Test
  void declaredContractsAreReadFromTheModels() {
    assertEquals(16, MODELS.get(SdVariant.DIFFUSERS_SCRIPT).hiddenSize());
    assertEquals(24, MODELS.get(SdVariant.OPTIMUM).hiddenSize());
    assertEquals(SchedulerName.EULER,
        MODELS.get(SdVariant.DIFFUSERS_SCRIPT).defaults().resolve(List.of()).params().scheduler(),
        "SD 1.5's PNDM config runs as Euler");
    assertEquals(SchedulerName.DDIM,
        MODELS.get(SdVariant.OPTIMUM).defaults().resolve(List.of()).params().scheduler());
    assertEquals(512, MODELS.get(SdVariant.OPTIMUM).defaults().resolve(List.of()).params().width());
  }

  @ParameterizedTest
  @CsvSource({"DIFFUSERS_SCRIPT,EULER", "DIFFUSERS_SCRIPT,EULER_A", "DIFFUSERS_SCRIPT,DDIM",
      "DIFFUSERS_SCRIPT,LCM", "OPTIMUM,EULER", "OPTIMUM,EULER_A", "OPTIMUM,DDIM", "OPTIMUM,LCM"})
  void everySchedulerRunsEndToEndAndIsReproducible(SdVariant v, SchedulerName scheduler) {
    ImageParams p = params(3, 7.5f, scheduler, null);
    ImageResult r = one(v, new ImageRequest("row-1", "a photo of a cat", p, 42));
    assertEquals(64, r.image().width());
    assertEquals(64, r.image().height());
    assertEquals(7, r.promptTokens() + 2, "a photo of a cat: 5 tokens");
    assertTrue(Arrays.stream(r.image().pixels()).distinct().count() > 50,
        "a varied image, not a saturated one");
    assertArrayEquals(r.image().pixels(), pixels(v, "row-1", "a photo of a cat", 42, p), "same seed");
    assertFalse(Arrays.equals(r.image().pixels(), pixels(v, "row-1", "a photo of a cat", 43, p)),
        "another seed");
  }

  @ParameterizedTest
  @EnumSource(SdVariant.class)
  void aBatchOfThreeEqualsEachRowAlone(SdVariant v) {
    ImageParams p = params(2, 7f, SchedulerName.EULER_A, null);
    List<ImageRequest> batch = List.of(new ImageRequest("a", "a photo of a cat", p, 1),
        new ImageRequest("b", "the city at night", p, 2),
        new ImageRequest("c", "a red apple on the table", p, 3));
    List<ImageResult> together = MODELS.get(v).generate(batch);
    for (int i = 0; i < batch.size(); i++) {
      assertEquals(3, together.get(i).timings().batchSize());
      assertArrayEquals(one(v, batch.get(i)).image().pixels(), together.get(i).image().pixels(),
          v + " row " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(SdVariant.class)
  void suppliedLatentsMakeTheImageSeedIndependent(SdVariant v) throws Exception {
    float[] latents = new float[4 * 8 * 8];
    for (int i = 0; i < latents.length; i++) {
      latents[i] = (float) Math.sin(i * 1.3);
    }
    ByteBuffer raw = ByteBuffer.allocate(latents.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(latents);
    Path file = Files.write(tmp.resolve("latents.bin"), raw.array());
    ImageParams p = params(3, 7f, SchedulerName.EULER, file.toString());
    assertArrayEquals(pixels(v, "x", "a cat", 1, p), pixels(v, "x", "a cat", 999, p));
  }

  @ParameterizedTest
  @EnumSource(SdVariant.class)
  void guidanceChangesTheImage(SdVariant v) {
    int[] unguided = pixels(v, "g", "a photo of a cat", 5, params(3, 1f, SchedulerName.DDIM, null));
    int[] guided = pixels(v, "g", "a photo of a cat", 5, params(3, 7f, SchedulerName.DDIM, null));
    assertFalse(Arrays.equals(unguided, guided));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"{\"width\": 65}|width",
      "{\"num_inference_steps\": 0}|num_inference_steps", "{\"scheduler\": \"heun\"}|scheduler",
      "{\"guidance_scale\": \"NaN\"}|guidance_scale"})
  void badParamsNameTheParameter(String json, String parameter) {
    InvalidParamsException e = assertThrows(InvalidParamsException.class,
        () -> MODELS.get(SdVariant.OPTIMUM).defaults().resolve(List.of(ParamsParser.parseObject(json))));
    assertTrue(e.getMessage().contains(parameter), e.getMessage());
    InvalidParamsException nan = assertThrows(InvalidParamsException.class,
        () -> params(2, Float.NaN, SchedulerName.EULER, null));
    assertTrue(nan.getMessage().contains("guidance_scale"), nan.getMessage());
  }

  @Test
  void aMissingUnetIsNamed() throws Exception {
    Path dir = TinyStableDiffusion.write(tmp.resolve("broken"), SdVariant.OPTIMUM);
    Files.delete(dir.resolve("unet/model.onnx"));
    OnnxModelException e = assertThrows(OnnxModelException.class,
        () -> ImageModel.load("broken", dir, SessionConf.CPU_DEFAULT));
    assertTrue(e.getMessage().contains(dir.resolve("unet/model.onnx").toString()), e.getMessage());
  }

  @Test
  void vaeScalingFactorDefaultsWithoutAConfig() throws Exception {
    Path dir = TinyStableDiffusion.write(tmp.resolve("novae"), SdVariant.DIFFUSERS_SCRIPT);
    assertEquals(0.18215, SdVaeDecoder.scalingFactor(dir.resolve("vae_decoder")), 1e-9);
    Files.writeString(dir.resolve("vae_decoder/config.json"), "{\"scaling_factor\": 0.13025}");
    assertEquals(0.13025, SdVaeDecoder.scalingFactor(dir.resolve("vae_decoder")), 1e-9);
    Files.delete(dir.resolve("vae_decoder/config.json"));
    assertEquals(0.18215, SdVaeDecoder.scalingFactor(dir.resolve("vae_decoder")), 1e-9);
  }

  @Test
  void generatedImagesEncodeToMarkedPngs() throws Exception {
    ImageResult r = one(SdVariant.OPTIMUM, new ImageRequest("png", "a red apple", params(2, 1f,
        SchedulerName.EULER, null), 8));
    byte[] png = PngEncoder.encode(r.image().toBufferedImage(), ImageMarking.generated(
        "tiny-sd-OPTIMUM", "out-1", "Apache-2.0", "https://www.apache.org/licenses/LICENSE-2.0", "test"));
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(r.image().rgb(10, 20), back.getRGB(10, 20) & 0xFFFFFF);
  }
}
