package io.genpipe.udf.spark;

import io.genpipe.runtime.generate.GenerationDefaults;
import io.genpipe.runtime.generate.InvalidParamsException;
import io.genpipe.runtime.generate.ParamsParser;
import io.genpipe.runtime.generate.TextRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Validates one normalised prompt row (id, task, prompt, params, seed, model, ...) and resolves
 * its generation parameters against its model's defaults and the job's params. Everything wrong
 * with a row becomes an error plan naming the field and the fix; nothing is dropped.
 */
final class TextRowPlanner {
  private final TextTaskSpec spec;
  private final Map<String, GenerationDefaults> defaults = new HashMap<>();

  TextRowPlanner(TextTaskSpec spec) {
    this.spec = spec;
  }

  private GenerationDefaults defaults(TextModelSpec model) {
    return defaults.computeIfAbsent(model.name(), n -> GenerationDefaults.fromJson(model.generationConfig()));
  }

  RowPlan plan(Row row) {
    String id = row.getAs("id");
    String task = row.getAs("task");
    String prompt = row.getAs("prompt");
    String rawParams = row.getAs("params");
    Long rowSeed = row.isNullAt(row.fieldIndex("seed")) ? null : row.<Long>getAs("seed");
    String modelName = row.isNullAt(row.fieldIndex("model")) ? spec.defaultModel() : row.getAs("model");
    long seed = rowSeed != null ? rowSeed : spec.jobSeed();
    Problem problem = firstProblem(task, prompt, modelName);
    if (problem != null) {
      return RowPlan.error(row, id, task, prompt, modelName, rawParams, seed, problem.errorClass(),
          "row " + id + ": " + problem.message());
    }
    TextModelSpec model = spec.models().get(modelName);
    try {
      GenerationDefaults.Resolved resolved = defaults(model).resolve(List.of(
          ParamsParser.parseObject(spec.jobParams()), ParamsParser.parseObject(rawParams)));
      if (rowSeed == null && resolved.seed() != null) {
        seed = resolved.seed();
      }
      TextRequest request = new TextRequest(id, prompt, resolved.params(), seed);
      return new RowPlan(row, id, task, prompt, modelName, request, resolved.jsonString(), seed,
          null, null);
    } catch (InvalidParamsException e) {
      return RowPlan.error(row, id, task, prompt, modelName, rawParams, seed, "invalid_params",
          "row " + id + ": " + e.getMessage());
    }
  }

  private record Problem(String errorClass, String message) {}

  /** The first problem that stops the row before its params are read, or null. */
  private Problem firstProblem(String task, String prompt, String modelName) {
    if (!"text".equals(task)) {
      return new Problem("unsupported_task",
          "task '" + task + "' is not supported by this job (supported: text)");
    }
    if (prompt == null || prompt.isBlank()) {
      return new Problem("empty_prompt",
          "prompt is " + (prompt == null ? "null" : "empty") + "; give the text to continue");
    }
    if (prompt.indexOf('\uFFFD') >= 0) {
      return new Problem("invalid_text", "prompt holds bytes that are not valid UTF-8 (decoded as "
          + "U+FFFD at character " + prompt.indexOf('\uFFFD') + "); re-encode the dataset as UTF-8");
    }
    if (modelName == null) {
      return new Problem("no_model",
          "no text model: pass --text-model DIR or set the row's model column");
    }
    if (!spec.models().containsKey(modelName)) {
      return new Problem("unknown_model", "model '" + modelName + "' is not declared for this job "
          + "(declared: " + spec.models().keySet() + "); declare it with --model " + modelName
          + "=DIR");
    }
    return null;
  }
}
