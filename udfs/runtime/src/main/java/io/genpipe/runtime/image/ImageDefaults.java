package io.genpipe.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.runtime.generate.InvalidParamsException;
import io.genpipe.runtime.generate.ParamsParser;
import java.util.List;

/**
 * Image-generation defaults of one model (diffusers' pipeline defaults: 50 steps, guidance 7.5, the
 * UNet's native size, the model's scheduler; LCM models 4 steps). {@link #resolve} layers job
 * options and a row's params over them.
 */
public final class ImageDefaults {
  /** Parameter names a row may set, in the order they are recorded. */
  public static final List<String> KNOWN_PARAMS = List.of("negative_prompt", "width", "height",
      "num_inference_steps", "guidance_scale", "scheduler", "seed", "latents");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectNode base;

  private ImageDefaults(ObjectNode base) {
    this.base = base;
  }

  public static ImageDefaults of(int size, int steps, float guidanceScale, SchedulerName scheduler) {
    ObjectNode n = JSON.createObjectNode();
    n.put("negative_prompt", "");
    n.put("width", size);
    n.put("height", size);
    n.put("num_inference_steps", steps);
    n.put("guidance_scale", guidanceScale);
    n.put("scheduler", scheduler.wireName());
    n.putNull("latents");
    return new ImageDefaults(n);
  }

  /** These defaults as JSON, to travel to tasks that do not open the model (see {@link #fromJson}). */
  public String toJson() {
    return base.toString();
  }

  /** Defaults written by {@link #toJson}. */
  public static ImageDefaults fromJson(String json) {
    try {
      return new ImageDefaults((ObjectNode) JSON.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("not image defaults JSON: " + json, e);
    }
  }

  /**
   * The defaults for a model whose scheduler config selects {@code scheduler}.
   *
   * @param nativeSize the UNet's fixed latent size × 8 when its input declares one, else 512
   * @param guidanceEmbedded the UNet takes guidance as {@code timestep_cond} (LCM-distilled)
   */
  public static ImageDefaults forModel(SchedulerName scheduler, int nativeSize,
      boolean guidanceEmbedded) {
    if (scheduler == SchedulerName.LCM) {
      return of(nativeSize, 4, guidanceEmbedded ? 8.5f : 1f, scheduler);
    }
    return of(nativeSize, 50, 7.5f, scheduler);
  }

  /**
   * Layers {@code overrides} (job options first, then the row's params) over these defaults and
   * validates the result. Unknown names are refused, naming the accepted ones.
   */
  public Resolved resolve(List<ObjectNode> overrides) {
    ObjectNode merged = ParamsParser.layer(base, overrides, KNOWN_PARAMS, "image");
    ImageParams params = toParams(merged);
    return new Resolved(params, seedOf(merged), canonical(params));
  }

  private static ImageParams toParams(ObjectNode n) {
    return new ImageParams(
        text(n.get("negative_prompt"), "negative_prompt"),
        integer(n.get("width"), "width"),
        integer(n.get("height"), "height"),
        integer(n.get("num_inference_steps"), "num_inference_steps"),
        number(n.get("guidance_scale"), "guidance_scale"),
        SchedulerName.parse(text(n.get("scheduler"), "scheduler")),
        text(n.get("latents"), "latents"));
  }

  private static Long seedOf(ObjectNode n) {
    JsonNode seed = n.get("seed");
    if (seed == null || seed.isNull()) {
      return null;
    }
    if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw new InvalidParamsException("seed must be an integer, got " + seed);
    }
    return seed.longValue();
  }

  /** The resolved parameters in a fixed key order, for provenance and output ids. */
  public static ObjectNode canonical(ImageParams p) {
    ObjectNode out = JSON.createObjectNode();
    out.put("negative_prompt", p.negativePrompt());
    out.put("width", p.width());
    out.put("height", p.height());
    out.put("num_inference_steps", p.numInferenceSteps());
    out.put("guidance_scale", new java.math.BigDecimal(Float.toString(p.guidanceScale())));
    out.put("scheduler", p.scheduler().wireName());
    if (p.latents() != null) {
      out.put("latents", p.latents());
    }
    return out;
  }

  private static String text(JsonNode n, String name) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidParamsException(name + " must be a string, got " + n);
    }
    return n.textValue();
  }

  private static int integer(JsonNode n, String name) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new InvalidParamsException(name + " must be an integer, got " + n);
    }
    return n.intValue();
  }

  private static float number(JsonNode n, String name) {
    if (n == null || !n.isNumber()) {
      throw new InvalidParamsException(name + " must be a number, got " + n);
    }
    return n.floatValue();
  }

  /**
   * A row's resolved parameters.
   *
   * @param seed the {@code seed} parameter when given, else null (the row's seed column and the
   *     job seed come next)
   * @param json the resolved parameters as canonical JSON, for provenance and output ids
   */
  public record Resolved(ImageParams params, Long seed, ObjectNode json) {
    public String jsonString() {
      return json.toString();
    }
  }
}
