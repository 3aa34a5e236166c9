package io.genpipe.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's {@code scheduler/scheduler_config.json}, resolved for any implemented scheduler with
 * that diffusers class's own defaults for missing keys (as {@code SchedulerClass.from_config}
 * does: a PNDM config read as Euler takes Euler's {@code timestep_spacing} default unless the
 * file states one). Keys for features genpipe does not implement are refused when they are on,
 * never ignored.
 */
public final class SchedulerConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode root;
  private final String source;

  private SchedulerConfig(ObjectNode root, String source) {
    this.root = root;
    this.source = source;
  }

  /** Reads {@code file}; a missing or malformed file names itself. */
  public static SchedulerConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelConfigException("model folder has no " + file + "; a diffusers/Optimum Stable "
          + "Diffusion export writes scheduler/scheduler_config.json");
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ModelConfigException(file + " is not a JSON object");
      }
      return new SchedulerConfig((ObjectNode) node, file.toString());
    } catch (IOException e) {
      throw new ModelConfigException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** From a JSON object (tests, inline configs). */
  public static SchedulerConfig of(ObjectNode root) {
    return new SchedulerConfig(root.deepCopy(), "scheduler_config.json");
  }

  /** {@code _class_name}. */
  public String className() {
    JsonNode n = root.get("_class_name");
    if (n == null || !n.isTextual()) {
      throw new ModelConfigException(source + " has no _class_name");
    }
    return n.textValue();
  }

  /** The scheduler the model uses when a row names none. */
  public SchedulerName defaultScheduler() {
    return SchedulerName.forDiffusersClass(className());
  }

  /** The settings for {@code target}, with its diffusers defaults for what the file leaves out. */
  public SchedulerSettings resolve(SchedulerName target) {
    boolean lcm = target == SchedulerName.LCM;
    boolean sigmas = target == SchedulerName.EULER || target == SchedulerName.EULER_A;
    refuseUnsupported(sigmas);
    return new SchedulerSettings(
        intOr("num_train_timesteps", 1000),
        doubleOr("beta_start", lcm ? 0.00085 : 0.0001),
        doubleOr("beta_end", lcm ? 0.012 : 0.02),
        textOr("beta_schedule", lcm ? "scaled_linear" : "linear"),
        trainedBetas(),
        PredictionType.parse(textOr("prediction_type", "epsilon")),
        TimestepSpacing.parse(textOr("timestep_spacing", sigmas ? "linspace" : "leading")),
        intOr("steps_offset", 0),
        boolOr("set_alpha_to_one", true),
        boolOr("clip_sample", target == SchedulerName.DDIM),
        doubleOr("clip_sample_range", 1.0),
        intOr("original_inference_steps", 50),
        doubleOr("timestep_scaling", 10.0));
  }

  private void refuseUnsupported(boolean sigmaScheduler) {
    refuseTrue("rescale_betas_zero_snr");
    refuseTrue("thresholding");
    if (sigmaScheduler) {
      refuseTrue("use_karras_sigmas");
      refuseTrue("use_exponential_sigmas");
      refuseTrue("use_beta_sigmas");
      refuseOther("interpolation_type", "linear");
      refuseOther("timestep_type", "discrete");
      refuseOther("final_sigmas_type", "zero");
    }
  }

  private void refuseTrue(String key) {
    if (root.path(key).asBoolean(false)) {
      throw new ModelConfigException(source + " sets " + key + "=true, which genpipe does not "
          + "implement; set it to false or pick another scheduler with the row parameter scheduler");
    }
  }

  private void refuseOther(String key, String supported) {
    JsonNode n = root.get(key);
    if (n != null && !n.isNull() && !supported.equals(n.asText())) {
      throw new ModelConfigException(source + " sets " + key + "=" + n + "; genpipe implements only "
          + "\"" + supported + "\"");
    }
  }

  private double[] trainedBetas() {
    JsonNode n = root.get("trained_betas");
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      throw new ModelConfigException(source + " trained_betas must be a list of numbers or null");
    }
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(n.get(i), "trained_betas").doubleValue();
    }
    return out;
  }

  private int intOr(String key, int fallback) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new ModelConfigException(source + " " + key + " must be an integer, got " + n);
    }
    return n.intValue();
  }

  private double doubleOr(String key, double fallback) {
    JsonNode n = root.get(key);
    return n == null || n.isNull() ? fallback : number(n, key).doubleValue();
  }

  private boolean boolOr(String key, boolean fallback) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw new ModelConfigException(source + " " + key + " must be true or false, got " + n);
    }
    return n.booleanValue();
  }

  private String textOr(String key, String fallback) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw new ModelConfigException(source + " " + key + " must be a string, got " + n);
    }
    return n.textValue();
  }

  private Number number(JsonNode n, String key) {
    if (n == null || !n.isNumber()) {
      throw new ModelConfigException(source + " " + key + " must be a number, got " + n);
    }
    return n.numberValue();
  }
}
