package io.genpipe.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.runtime.generate.InvalidParamsException;
import io.genpipe.runtime.generate.ParamsParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDefaultsTest {
  private static final ImageDefaults DEFAULTS =
      ImageDefaults.forModel(SchedulerName.EULER, 512, false);

  private static ImageDefaults.Resolved resolve(String json) {
    return DEFAULTS.resolve(List.of(ParamsParser.parseObject(json)));
  }

  @Test
  void defaultsAndOverrides() {
    ImageDefaults.Resolved r = resolve("{\"width\": 768, \"guidance_scale\": 1, \"seed\": 42,"
        + "\"scheduler\": \"ddim\", \"negative_prompt\": \"blurry\"}");
    ImageParams p = r.params();
    assertEquals(768, p.width());
    assertEquals(512, p.height());
    assertEquals(50, p.numInferenceSteps());
    assertEquals(SchedulerName.DDIM, p.scheduler());
    assertEquals("blurry", p.negativePrompt());
    assertEquals(42L, r.seed());
    assertNull(p.latents());
    assertEquals(false, p.guided());
    assertEquals("{\"negative_prompt\":\"blurry\",\"width\":768,\"height\":512,"
        + "\"num_inference_steps\":50,\"guidance_scale\":1.0,\"scheduler\":\"ddim\"}", r.jsonString());
    ImageParams lcm = ImageDefaults.forModel(SchedulerName.LCM, 512, false).resolve(List.of()).params();
    assertEquals(4, lcm.numInferenceSteps());
    assertEquals(1f, lcm.guidanceScale());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"width\": 65}|width",
      "{\"height\": 4096}|height",
      "{\"num_inference_steps\": 0}|num_inference_steps",
      "{\"num_inference_steps\": 2.5}|num_inference_steps",
      "{\"scheduler\": \"dpm++\"}|scheduler",
      "{\"guidance_scale\": \"NaN\"}|guidance_scale",
      "{\"guidance_scale\": -1}|guidance_scale",
      "{\"seed\": \"x\"}|seed",
      "{\"latents\": \" \"}|latents",
      "{\"negative_prompt\": 3}|negative_prompt",
      "{\"steps\": 3}|num_inference_steps"})
  void badValuesNameTheParameter(String json, String parameter) {
    InvalidParamsException e = assertThrows(InvalidParamsException.class, () -> resolve(json));
    assertTrue(e.getMessage().contains(parameter), e.getMessage());
  }

  @Test
  void nanGuidanceIsRefusedByTheRecord() {
    InvalidParamsException e = assertThrows(InvalidParamsException.class,
        () -> new ImageParams("", 64, 64, 2, Float.NaN, SchedulerName.EULER, null));
    assertTrue(e.getMessage().contains("guidance_scale"), e.getMessage());
  }
}
