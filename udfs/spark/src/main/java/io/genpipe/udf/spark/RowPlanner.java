package io.genpipe.udf.spark;

import io.genpipe.runtime.generate.GenerationDefaults;
import io.genpipe.runtime.generate.InvalidParamsException;
import io.genpipe.runtime.generate.ParamsParser;
import io.genpipe.runtime.generate.TextRequest;
import io.genpipe.runtime.image.ImageDefaults;
import io.genpipe.runtime.image.ImageParams;
import io.genpipe.runtime.image.ImageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Validates one normalised prompt row (id, task, prompt, params, seed, model, ...) and resolves
 * its generation parameters against its model's defaults and the job's params, without opening
 * any model. Everything wrong with a row becomes an error plan naming the field and the fix;
 * nothing is dropped.
 */
final class RowPlanner {
  private final GenerationTaskSpec spec;
  private final Map<String, GenerationDefaults> textDefaults = new HashMap<>();
  private final Map<String, ImageDefaults> imageDefaults = new HashMap<>();

  RowPlanner(GenerationTaskSpec spec) {
    this.spec = spec;
  }

  private record Problem(String errorClass, String message) {}

  RowPlan plan(Row row) {
    String id = row.getAs("id");
    String task = row.getAs("task");
    String prompt = row.getAs("prompt");
    String rawParams = row.getAs("params");
    Long rowSeed = row.isNullAt(row.fieldIndex("seed")) ? null : row.<Long>getAs("seed");
    String modelName = row.isNullAt(row.fieldIndex("model")) ? defaultModel(task) : row.getAs("model");
    long seed = rowSeed != null ? rowSeed : spec.jobSeed();
    String sha = sha256Of(modelName);
    Problem problem = firstProblem(task, prompt, modelName);
    if (problem != null) {
      return RowPlan.error(row, id, task, prompt, modelName, sha, rawParams, seed,
          problem.errorClass(), "row " + id + ": " + problem.message());
    }
    try {
      return "image".equals(task)
          ? planImage(row, id, prompt, modelName, sha, rawParams, rowSeed, seed)
          : planText(row, id, prompt, modelName, sha, rawParams, rowSeed, seed);
    } catch (InvalidParamsException e) {
      return RowPlan.error(row, id, task, prompt, modelName, sha, rawParams, seed, "invalid_params",
          "row " + id + ": " + e.getMessage());
    }
  }

  private RowPlan planText(Row row, String id, String prompt, String modelName, String sha,
      String rawParams, Long rowSeed, long seed) {
    TextModelSpec model = spec.models().text().get(modelName);
    GenerationDefaults.Resolved r = textDefaults.computeIfAbsent(modelName,
            n -> GenerationDefaults.fromJson(model.generationConfig()))
        .resolve(List.of(ParamsParser.parseObject(spec.textParams()), ParamsParser.parseObject(rawParams)));
    long s = rowSeed == null && r.seed() != null ? r.seed() : seed;
    return new RowPlan(row, id, "text", prompt, modelName, sha, new TextRequest(id, prompt, r.params(), s),
        null, r.jsonString(), s, null, null);
  }

  private RowPlan planImage(Row row, String id, String prompt, String modelName, String sha,
      String rawParams, Long rowSeed, long seed) {
    ImageModelSpec model = spec.models().image().get(modelName);
    ImageDefaults.Resolved r = imageDefaults.computeIfAbsent(modelName,
            n -> ImageDefaults.fromJson(model.defaults()))
        .resolve(List.of(ParamsParser.parseObject(spec.imageParams()), ParamsParser.parseObject(rawParams)));
    long s = rowSeed == null && r.seed() != null ? r.seed() : seed;
    ImageParams params = withLatentsInRoot(r.params(), id);
    return new RowPlan(row, id, "image", prompt, modelName, sha, null,
        new ImageRequest(id, prompt, params, s), r.jsonString(), s, null, null);
  }

  /**
   * Row-supplied latents are read only from the job's latents root, never from elsewhere: the path
   * may not leave it by {@code ..}, nor through a symbolic link (checked on the real paths); the
   * real path is what gets read.
   */
  private ImageParams withLatentsInRoot(ImageParams p, String id) {
    if (p.latents() == null) {
      return p;
    }
    if (spec.latentsRoot() == null) {
      throw new InvalidParamsException("latents given, but this job reads no latents files; set the "
          + "job option latents-root to the folder that holds them");
    }
    Path root = Path.of(spec.latentsRoot()).toAbsolutePath().normalize();
    Path file = root.resolve(p.latents()).normalize();
    if (!file.startsWith(root)) {
      throw new InvalidParamsException("latents path '" + p.latents() + "' leaves the latents root "
          + root + "; give a path inside it");
    }
    return new ImageParams(p.negativePrompt(), p.width(), p.height(), p.numInferenceSteps(),
        p.guidanceScale(), p.scheduler(), realInsideRoot(root, file, p.latents()).toString());
  }

  /** {@code file}'s real path when it exists (else {@code file}), refused outside the real root. */
  private static Path realInsideRoot(Path root, Path file, String given) {
    if (!Files.exists(file)) {
      return file;
    }
    Path real;
    Path realRoot;
    try {
      realRoot = root.toRealPath();
      real = file.toRealPath();
    } catch (IOException e) {
      throw new InvalidParamsException("latents path '" + given + "' cannot be resolved: " + e);
    }
    if (!real.startsWith(realRoot)) {
      throw new InvalidParamsException("latents path '" + given + "' leaves the latents root "
          + realRoot + " through a symbolic link (to " + real + "); give a file inside it");
    }
    return real;
  }

  private String defaultModel(String task) {
    return "image".equals(task) ? spec.models().defaultImage() : spec.models().defaultText();
  }

  private String sha256Of(String modelName) {
    if (modelName == null) {
      return null;
    }
    TextModelSpec t = spec.models().text().get(modelName);
    if (t != null) {
      return t.descriptor().sha256();
    }
    ImageModelSpec i = spec.models().image().get(modelName);
    return i == null ? null : i.descriptor().sha256();
  }

  /** The first problem that stops the row before its params are read, or null. */
  private Problem firstProblem(String task, String prompt, String modelName) {
    if (!"text".equals(task) && !"image".equals(task)) {
      return new Problem("unsupported_task",
          "task '" + task + "' is not supported by this job (supported: text, image)");
    }
    if (prompt == null || prompt.isBlank()) {
      return new Problem("empty_prompt",
          "prompt is " + (prompt == null ? "null" : "empty") + "; give the prompt text");
    }
    if (prompt.indexOf('\uFFFD') >= 0) {
      return new Problem("invalid_text", "prompt holds bytes that are not valid UTF-8 (decoded as "
          + "U+FFFD at character " + prompt.indexOf('\uFFFD') + "); re-encode the dataset as UTF-8");
    }
    if (modelName == null) {
      return new Problem("no_model", "no " + task + " model: pass --" + task + "-model DIR or set "
          + "the row's model column");
    }
    boolean known = "image".equals(task) ? spec.models().image().containsKey(modelName)
        : spec.models().text().containsKey(modelName);
    if (!known) {
      return new Problem("unknown_model", "model '" + modelName + "' is not a " + task + " model of "
          + "this job (" + task + " models: " + ("image".equals(task) ? spec.models().image().keySet()
              : spec.models().text().keySet()) + "); declare it with --" + task + "-model or --model "
          + modelName + "=DIR");
    }
    return null;
  }
}
