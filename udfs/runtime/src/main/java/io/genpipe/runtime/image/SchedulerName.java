package io.genpipe.runtime.image;

import io.genpipe.runtime.generate.InvalidParamsException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The schedulers genpipe implements, by their {@code scheduler} parameter name and the diffusers
 * class whose semantics each follows.
 */
public enum SchedulerName {
  EULER("euler", "EulerDiscreteScheduler"),
  EULER_A("euler_a", "EulerAncestralDiscreteScheduler"),
  DDIM("ddim", "DDIMScheduler"),
  LCM("lcm", "LCMScheduler");

  /**
   * diffusers classes without an implementation here that a model may name as its default, and the
   * scheduler used instead. PNDM is Stable Diffusion 1.x's exported default; diffusers' own ONNX
   * and Optimum pipelines run those checkpoints with any discrete-timestep scheduler, and Euler
   * reaches comparable quality in the same step counts. The substitute is recorded in the row's
   * resolved {@code scheduler}.
   */
  private static final List<String> EULER_SUBSTITUTED = List.of("PNDMScheduler",
      "LMSDiscreteScheduler");

  private final String wireName;
  private final String diffusersClass;

  SchedulerName(String wireName, String diffusersClass) {
    this.wireName = wireName;
    this.diffusersClass = diffusersClass;
  }

  public String wireName() {
    return wireName;
  }

  public String diffusersClass() {
    return diffusersClass;
  }

  /** The {@code scheduler} parameter value; an unknown name is the caller's error. */
  public static SchedulerName parse(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (SchedulerName s : values()) {
      if (s.wireName.equals(key)) {
        return s;
      }
    }
    throw new InvalidParamsException("scheduler must be one of " + accepted() + ", got '" + name
        + "'");
  }

  /**
   * The scheduler a model's {@code _class_name} selects by default.
   *
   * @throws ModelConfigException for a class genpipe neither implements nor substitutes
   */
  public static SchedulerName forDiffusersClass(String className) {
    for (SchedulerName s : values()) {
      if (s.diffusersClass.equals(className)) {
        return s;
      }
    }
    if (EULER_SUBSTITUTED.contains(className)) {
      return EULER;
    }
    throw new ModelConfigException("scheduler_config.json names _class_name '" + className
        + "', which genpipe does not implement; supported: " + Arrays.stream(values())
            .map(SchedulerName::diffusersClass).toList() + " (and " + EULER_SUBSTITUTED
        + " run as Euler). Pass the row parameter scheduler (one of " + accepted() + ")");
  }

  /** The accepted parameter values, for messages. */
  public static String accepted() {
    return String.join(", ", Arrays.stream(values()).map(SchedulerName::wireName).toList());
  }
}
