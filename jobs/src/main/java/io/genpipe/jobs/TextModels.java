package io.genpipe.jobs;

import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelResolver;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.udf.spark.ExecutorModels;
import io.genpipe.udf.spark.PolicyDecision;
import io.genpipe.udf.spark.TextModelSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves a job's text models on the driver, before any executor work: digests and licence
 * facts, the licence gate, and one trial load that proves the export runs (layout, tokenizer). In
 * local mode the trial load is the executor's load, kept in the shared per-JVM cache.
 */
final class TextModels {
  private TextModels() {}

  /** Models by the name rows use; the default model first. */
  static Map<String, TextModelSpec> resolve(TextJobConf conf, SessionConf session, boolean local) {
    Map<String, TextModelSpec> specs = new LinkedHashMap<>();
    if (conf.textModel() != null) {
      TextModelSpec spec = resolveOne(null, conf.textModel(), conf);
      specs.put(spec.name(), spec);
    }
    conf.models().forEach((name, dir) -> specs.put(name, resolveOne(name, dir, conf)));
    if (specs.isEmpty()) {
      throw new JobConfigException("no text model: pass --text-model DIR (a folder with an Optimum "
          + "ONNX decoder export and its tokenizer.json)");
    }
    specs.values().forEach(s -> trialLoad(s, session, local));
    return specs;
  }

  private static TextModelSpec resolveOne(String name, String location, TextJobConf conf) {
    Path dir = localPath(location);
    if (!Files.isDirectory(dir)) {
      throw new JobConfigException("text model folder " + dir + " does not exist or is not a folder"
          + (name == null ? " (--text-model)" : " (models." + name + ")"));
    }
    ModelDescriptor d = ModelResolver.resolve(dir);
    PolicyDecision policy = LicenseGate.decide(d, conf.usage(), conf.allowUnknownLicense());
    return new TextModelSpec(name == null ? d.modelId() : name, d, dir.toAbsolutePath().toString(),
        policy);
  }

  static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location));
    }
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new JobConfigException("model location " + location + " is not a local folder; this "
          + "version opens models from local paths visible to every executor");
    }
    return Path.of(location).toAbsolutePath().normalize();
  }

  private static void trialLoad(TextModelSpec spec, SessionConf session, boolean local) {
    try {
      if (local) {
        ExecutorModels.text(spec, session, () -> {});
      } else {
        TextModel.load(spec.descriptor().modelId(), Path.of(spec.localDir()), session).close();
      }
    } catch (RuntimeException e) {
      throw new JobConfigException("text model " + spec.name() + " at " + spec.localDir()
          + " cannot be used: " + e.getMessage(), e);
    }
  }
}
