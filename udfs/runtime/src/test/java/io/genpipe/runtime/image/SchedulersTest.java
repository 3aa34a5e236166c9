package io.genpipe.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.runtime.generate.InvalidParamsException;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Schedulers against golden values computed independently (numpy, float64) from diffusers'
 * published formulas: betas/alphas_cumprod, timestep spacing, sigma interpolation,
 * init_noise_sigma, scale_model_input and one step update per sampler.
 */
class SchedulersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double TOL = 1e-5;
  private static final float[] X = {0.5f, -1.0f, 2.0f, 0.25f};
  private static final float[] EPS = {0.1f, -0.3f, 0.7f, -1.2f};

  /** runwayml/stable-diffusion-v1-5 scheduler/scheduler_config.json (PNDM). */
  static SchedulerConfig sd15() {
    return config("{\"_class_name\": \"PNDMScheduler\", \"_diffusers_version\": \"0.6.0\","
        + "\"beta_end\": 0.012, \"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085,"
        + "\"num_train_timesteps\": 1000, \"set_alpha_to_one\": false, \"skip_prk_steps\": true,"
        + "\"steps_offset\": 1, \"trained_betas\": null, \"clip_sample\": false,"
        + "\"timestep_spacing\": \"leading\"}");
  }

  /** stabilityai/stable-diffusion-2-1 (DDIM, v-prediction). */
  static SchedulerConfig sd21() {
    return config("{\"_class_name\": \"DDIMScheduler\", \"beta_end\": 0.012,"
        + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"clip_sample\": false,"
        + "\"num_train_timesteps\": 1000, \"prediction_type\": \"v_prediction\","
        + "\"set_alpha_to_one\": false, \"skip_prk_steps\": true, \"steps_offset\": 1,"
        + "\"trained_betas\": null}");
  }

  /** An LCM-distilled SD 1.5 (LCMScheduler defaults spelled out). */
  static SchedulerConfig lcm() {
    return config("{\"_class_name\": \"LCMScheduler\", \"beta_end\": 0.012,"
        + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085,"
        + "\"original_inference_steps\": 50, \"set_alpha_to_one\": true, \"steps_offset\": 1,"
        + "\"timestep_scaling\": 10.0, \"prediction_type\": \"epsilon\"}");
  }

  static SchedulerConfig config(String json) {
    try {
      return SchedulerConfig.of((ObjectNode) JSON.readTree(json));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void alphasCumprodOfTheStableDiffusionSchedule() {
    double[] ac = NoiseSchedule.alphasCumprod(sd15().resolve(SchedulerName.EULER));
    assertEquals(0.99915, ac[0], 1e-12);
    assertEquals(0.2763326838229746, ac[500], 1e-10);
    assertEquals(0.004660098513077238, ac[999], 1e-10);
    double[] linear = NoiseSchedule.alphasCumprod(config("{\"_class_name\": \"DDIMScheduler\"}")
        .resolve(SchedulerName.DDIM));
    assertEquals(4.035829765375676e-05, linear[999], 1e-12);
  }

  @Test
  void sd15ConfigRunAsEulerWithLeadingSpacing() {
    SchedulerConfig c = sd15();
    assertEquals(SchedulerName.EULER, c.defaultScheduler());
    Scheduler s = Schedulers.create(c, SchedulerName.EULER, 4);
    assertArrayEquals(new double[] {751, 501, 251, 1}, s.timesteps());
    assertEquals(4.236412385791066, s.initNoiseSigma(), TOL);
    SigmaSchedule sigmas = new SigmaSchedule(c.resolve(SchedulerName.EULER), 4);
    assertClose(new double[] {4.116696479276065, 1.623692081515863, 0.6983980911630334,
        0.04131441199678309, 0.0}, sigmas.sigmas);

    float[] latents = scaled(X, s.initNoiseSigma());
    float[] input = latents.clone();
    s.scaleModelInput(input, 0);
    assertClose(new double[] {0.5, -1.0, 2.0, 0.25}, input);
    s.step(EPS, 0, latents, failingRng());
    assertClose(new double[] {1.8689057531195128, -3.4885110664630057, 6.7277216931499915,
        4.050708373760009}, latents);
  }

  @Test
  void eulerLinspaceInterpolatesFractionalTimesteps() {
    SchedulerConfig c = config("{\"_class_name\": \"EulerDiscreteScheduler\", \"beta_end\": 0.012,"
        + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085}");
    Scheduler s = Schedulers.create(c, SchedulerName.EULER, 3);
    assertArrayEquals(new double[] {999, 499.5, 0}, s.timesteps());
    assertEquals(14.614641229333639, s.initNoiseSigma(), 1e-5 * 14.6);
    SigmaSchedule sigmas = new SigmaSchedule(c.resolve(SchedulerName.EULER), 3);
    assertClose(new double[] {14.614641229333639, 1.6155825101612464, 0.029167158151720367, 0},
        sigmas.sigmas);
  }

  @Test
  void trailingSpacingOfSdTurbo() {
    SchedulerConfig c = config("{\"_class_name\": \"EulerDiscreteScheduler\", \"beta_end\": 0.012,"
        + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085,"
        + "\"timestep_spacing\": \"trailing\"}");
    assertArrayEquals(new double[] {999, 749, 499, 249},
        Schedulers.create(c, SchedulerName.EULER, 4).timesteps());
    Scheduler one = Schedulers.create(c, SchedulerName.EULER, 1);
    assertArrayEquals(new double[] {999}, one.timesteps());
    assertEquals(14.614641229333639, one.initNoiseSigma(), 1e-5 * 14.6);
  }

  /**
   * For 61 (also 103, 121, ...) of 1000 steps numpy's {@code arange(1000, 0, -1000/61)} has 62
   * entries (float error), and diffusers keeps the extra one: a final timestep of -1, where Euler's
   * sigma is {@code interp(-1) = sigmas[0]}. Values from numpy with diffusers' formulas.
   */
  @Test
  void trailingSpacingKeepsNumpysExtraFinalTimestep() {
    SchedulerConfig c = config("{\"_class_name\": \"EulerDiscreteScheduler\", \"beta_end\": 0.012,"
        + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085,"
        + "\"timestep_spacing\": \"trailing\"}");
    Scheduler s = Schedulers.create(c, SchedulerName.EULER, 61);
    double[] t = s.timesteps();
    assertEquals(62, s.steps());
    assertArrayEquals(new double[] {999, 983}, java.util.Arrays.copyOfRange(t, 0, 2));
    assertArrayEquals(new double[] {32, 15, -1}, java.util.Arrays.copyOfRange(t, 59, 62));
    assertEquals(14.614641229333639, s.initNoiseSigma(), 1e-5 * 14.6);
    SigmaSchedule sigmas = new SigmaSchedule(c.resolve(SchedulerName.EULER), 61);
    assertClose(new double[] {0.1194920499101525, 0.02916715815172037, 0.0},
        java.util.Arrays.copyOfRange(sigmas.sigmas, 60, 63));
    float[] latents = X.clone();
    s.step(EPS, 61, latents, failingRng());
    assertClose(new double[] {0.4970832841413655, -0.9912498522067843, 1.9795829896414954,
        0.2850005911728629}, latents);
    for (int n : new int[] {103, 121, 122, 201}) {
      assertEquals(n + 1, Schedulers.create(c, SchedulerName.EULER_A, n).steps(), "steps " + n);
    }
    assertEquals(60, Schedulers.create(c, SchedulerName.EULER, 60).steps());
  }

  /** DDIM looks the extra timestep -1 up as torch indexing does: {@code alphas_cumprod[-1]}. */
  @Test
  void ddimTrailingExtraTimestepIndexesFromTheEnd() {
    SchedulerConfig c = config("{\"_class_name\": \"DDIMScheduler\", \"clip_sample\": false,"
        + "\"timestep_spacing\": \"trailing\"}");
    Scheduler s = Schedulers.create(c, SchedulerName.DDIM, 61);
    assertEquals(62, s.steps());
    assertEquals(-1, s.timestep(61));
    float[] beforeLast = X.clone();
    s.step(EPS, 60, beforeLast, failingRng());
    assertClose(new double[] {0.4946750255622887, -0.983026341179376, 1.9597289752404692,
        0.3263838830913605}, beforeLast);
    float[] last = X.clone();
    s.step(EPS, 61, last, failingRng());
    assertClose(new double[] {62.964500310154435, -110.18827113193736, 204.63581981215697,
        228.2413587911283}, last);
  }

  /**
   * With {@code set_alpha_to_one} the step past the first training timestep lands on alpha 1
   * (the clean sample), without it on {@code alphas_cumprod[0]}. Values from numpy.
   */
  @Test
  void ddimSetAlphaToOne() {
    String base = "{\"_class_name\": \"DDIMScheduler\", \"clip_sample\": false, \"steps_offset\": 1,"
        + "\"set_alpha_to_one\": ";
    Scheduler one = Schedulers.create(config(base + "true}"), SchedulerName.DDIM, 4);
    assertArrayEquals(new double[] {751, 501, 251, 1}, one.timesteps());
    float[] first = X.clone();
    one.step(EPS, 0, first, failingRng());
    assertClose(new double[] {2.043874181669307, -3.6978597779070568, 7.005830970382556,
        5.89554440872913}, first);
    float[] last = X.clone();
    one.step(EPS, 3, last, failingRng());
    assertClose(new double[] {0.49857189365805155, -0.995660694812606, 1.9898382977847089,
        0.26782460218349746}, last);
    float[] notOne = X.clone();
    Schedulers.create(config(base + "false}"), SchedulerName.DDIM, 4).step(EPS, 3, notOne,
        failingRng());
    assertClose(new double[] {0.4995469644550237, -0.9986109106524363, 1.9967388032631879,
        0.25581121014175434}, notOne);
  }

  @Test
  void eulerVPredictionStep() {
    SchedulerConfig c = config("{\"_class_name\": \"EulerDiscreteScheduler\", \"beta_end\": 0.012,"
        + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"steps_offset\": 1,"
        + "\"timestep_spacing\": \"leading\", \"prediction_type\": \"v_prediction\"}");
    Scheduler s = Schedulers.create(c, SchedulerName.EULER, 4);
    float[] latents = X.clone();
    s.step(EPS, 1, latents, failingRng());
    assertClose(new double[] {0.24489898487591782, -0.44127522586544954, 0.8340277078445129,
        0.7289837910177852}, latents);
  }

  @Test
  void ddimSd21VPrediction() {
    SchedulerConfig c = sd21();
    assertEquals(SchedulerName.DDIM, c.defaultScheduler());
    Scheduler s = Schedulers.create(c, SchedulerName.DDIM, 4);
    assertArrayEquals(new double[] {751, 501, 251, 1}, s.timesteps());
    assertEquals(1f, s.initNoiseSigma());
    float[] first = X.clone();
    s.step(EPS, 0, first, failingRng());
    assertClose(new double[] {0.4447369765242321, -0.8586143435886447, 1.6863690777174696,
        0.6081136065098603}, first);
    float[] last = X.clone();
    s.step(EPS, 3, last, failingRng());
    assertClose(new double[] {0.498750029775733, -0.9962868854652419, 1.9913605968442598,
        0.26453969096566765}, last);
  }

  @Test
  void ddimEpsilonAndSpacings() {
    float[] latents = X.clone();
    Schedulers.create(sd15(), SchedulerName.DDIM, 4).step(EPS, 0, latents, failingRng());
    assertClose(new double[] {0.9800607823231644, -1.8293875329100737, 3.5280410340838935,
        2.1242057878647653}, latents);
    SchedulerConfig linspace = config("{\"_class_name\": \"DDIMScheduler\","
        + "\"timestep_spacing\": \"linspace\"}");
    assertArrayEquals(new double[] {999, 500, 0},
        Schedulers.create(linspace, SchedulerName.DDIM, 3).timesteps());
    SchedulerConfig trailing = config("{\"_class_name\": \"DDIMScheduler\","
        + "\"timestep_spacing\": \"trailing\"}");
    assertArrayEquals(new double[] {999, 666, 332},
        Schedulers.create(trailing, SchedulerName.DDIM, 3).timesteps());
  }

  @Test
  void lcmTimestepsBoundaryScalingsAndSteps() {
    Scheduler s = Schedulers.create(lcm(), SchedulerName.LCM, 4);
    assertArrayEquals(new double[] {999, 759, 499, 259}, s.timesteps());
    assertArrayEquals(new double[] {999, 679, 339},
        Schedulers.create(lcm(), SchedulerName.LCM, 3).timesteps());
    LcmScheduler l = (LcmScheduler) s;
    assertClose(new double[] {2.5050075037374525e-09, 0.9999999987474963}, l.boundaryScalings(999));
    assertClose(new double[] {3.726837564778493e-08, 0.999999981365812}, l.boundaryScalings(259));

    float[] first = X.clone();
    s.step(EPS, 0, first, constantRng(0.5));
    assertClose(new double[] {0.19343114588972354, -2.3454354710262506, 3.2106642712025613,
        4.844179558182138}, first);
    float[] last = X.clone();
    s.step(EPS, 3, last, failingRng());
    assertClose(new double[] {0.5439977245433882, -1.0160574883966937, 1.960177016103305,
        1.171223370897728}, last);
  }

  @Test
  void eulerAncestralStepAddsSigmaUpNoise() {
    Scheduler s = Schedulers.create(sd15(), SchedulerName.EULER_A, 4);
    assertEquals(4.236412385791066, s.initNoiseSigma(), TOL);
    float[] latents = X.clone();
    s.step(EPS, 0, latents, constantRng(0.5));
    assertClose(new double[] {-1.6043978378744703, 0.04288577010345262, -2.1901693780813747,
        4.42154308041381}, latents);
  }

  @Test
  void guidanceEmbeddingOfLcmUnets() {
    float[] e = GuidanceEmbedding.of(8.5, 8);
    double[] expected = {-0.8512358993460261, 0.56267825340027, -0.43523286424442414,
        0.6816387600233337, -0.524783234930921, -0.8266759843798667, -0.9003179182275529,
        0.7316888688738213};
    for (int i = 0; i < 8; i++) {
      assertEquals(expected[i], e[i], 1e-4, "element " + i);
    }
  }

  @Test
  void invalidStepCountsNameTheParameter() {
    InvalidParamsException tooMany = assertThrows(InvalidParamsException.class,
        () -> Schedulers.create(lcm(), SchedulerName.LCM, 51));
    assertTrue(tooMany.getMessage().contains("num_inference_steps"), tooMany.getMessage());
    InvalidParamsException zero = assertThrows(InvalidParamsException.class,
        () -> Schedulers.create(sd15(), SchedulerName.EULER, 0));
    assertTrue(zero.getMessage().contains("num_inference_steps"), zero.getMessage());
  }

  @Test
  void unknownNamesAndUnsupportedConfigsAreRefused() {
    InvalidParamsException e = assertThrows(InvalidParamsException.class,
        () -> SchedulerName.parse("dpm++"));
    assertTrue(e.getMessage().contains("scheduler") && e.getMessage().contains("euler_a"),
        e.getMessage());
    assertEquals(SchedulerName.EULER_A, SchedulerName.parse("EULER_A"));
    ModelConfigException karras = assertThrows(ModelConfigException.class,
        () -> config("{\"_class_name\": \"EulerDiscreteScheduler\", \"use_karras_sigmas\": true}")
            .resolve(SchedulerName.EULER));
    assertTrue(karras.getMessage().contains("use_karras_sigmas"), karras.getMessage());
    ModelConfigException unknown = assertThrows(ModelConfigException.class,
        () -> config("{\"_class_name\": \"KDPM2DiscreteScheduler\"}").defaultScheduler());
    assertTrue(unknown.getMessage().contains("KDPM2DiscreteScheduler"), unknown.getMessage());
  }

  @Test
  void stochasticSamplersAreReproducibleFromTheRowGenerator() {
    Scheduler s = Schedulers.create(sd15(), SchedulerName.EULER_A, 4);
    float[] a = X.clone();
    float[] b = X.clone();
    s.step(EPS, 0, a, new SplittableRandom(7));
    s.step(EPS, 0, b, new SplittableRandom(7));
    assertArrayEquals(a, b);
  }

  private static float[] scaled(float[] v, float factor) {
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }

  private static void assertClose(double[] expected, float[] actual) {
    double[] widened = new double[actual.length];
    for (int i = 0; i < actual.length; i++) {
      widened[i] = actual[i];
    }
    assertClose(expected, widened);
  }

  private static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      double tol = TOL * Math.max(1.0, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tol, "element " + i);
    }
  }

  /** A deterministic sampler must not draw. */
  private static RandomGenerator failingRng() {
    return () -> {
      throw new AssertionError("a deterministic step drew a random number");
    };
  }

  private static RandomGenerator constantRng(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new AssertionError("only nextDouble is used");
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }
}
