package io.genpipe.udf.spark;

import io.genpipe.model.spark.DistributedModel;
import io.genpipe.onnx.SessionConf;
import java.io.Serializable;
import java.util.Map;

/**
 * The models a job's tasks may use, by the name rows give in their {@code model} column, and how
 * executors keep them.
 *
 * @param defaultText model of text rows without a {@code model} value, or null
 * @param defaultImage model of image rows without a {@code model} value, or null
 * @param session session settings (the task's GPU replaces the device)
 * @param cacheDir executors' local folder of materialised models (content-addressed)
 * @param memoryBudget bytes of loaded models an executor keeps before evicting idle ones
 */
public record TaskModels(Map<String, TextModelSpec> text, String defaultText,
    Map<String, ImageModelSpec> image, String defaultImage, SessionConf session, String cacheDir,
    long memoryBudget) implements Serializable {
  public TaskModels {
    text = Map.copyOf(text);
    image = Map.copyOf(image);
    if (defaultText != null && !text.containsKey(defaultText)) {
      throw new IllegalArgumentException("default text model '" + defaultText + "' is not among "
          + text.keySet());
    }
    if (defaultImage != null && !image.containsKey(defaultImage)) {
      throw new IllegalArgumentException("default image model '" + defaultImage + "' is not among "
          + image.keySet());
    }
  }

  /** The distributed weights of every model, text models first (released when the job ends). */
  public java.util.List<DistributedModel> distributed() {
    java.util.List<DistributedModel> all = new java.util.ArrayList<>();
    text.values().forEach(m -> all.add(m.model()));
    image.values().forEach(m -> all.add(m.model()));
    return all;
  }

  /** Every model name, for error messages. */
  public java.util.Set<String> names() {
    java.util.Set<String> all = new java.util.TreeSet<>(text.keySet());
    all.addAll(image.keySet());
    return all;
  }
}
