package io.genpipe.jobs;

import io.genpipe.model.LicenseOverride;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelResolver;
import io.genpipe.model.spark.Distribution;
import io.genpipe.model.spark.DistributedModel;
import io.genpipe.model.spark.DriverModelFolder;
import io.genpipe.model.spark.ModelDistributor;
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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Resolves a job's text models on the driver, before any executor work: digests and licence facts
 * (with the job's overrides and pins), the licence gate, one trial load that proves the export
 * runs (layout, tokenizer, ONNX file), and the distribution of the weights to executors. In local
 * mode the trial load is the executor's load, kept in the shared per-JVM cache.
 */
final class TextModels {
  private static final java.util.Set<String> TEXT_PIPELINES =
      java.util.Set.of("text-generation", "text2text-generation");
  private final SparkSession spark;
  private final TextJobConf conf;
  private final SessionConf session;

  TextModels(SparkSession spark, TextJobConf conf, SessionConf session) {
    this.spark = spark;
    this.conf = conf;
    this.session = session;
  }

  /** Models by the name rows use; the default model first. */
  Map<String, TextModelSpec> resolve() {
    Map<String, String> locations = new LinkedHashMap<>();
    if (conf.textModel() != null) {
      locations.put(null, conf.textModel());
    }
    locations.putAll(conf.models());
    if (locations.isEmpty()) {
      throw new JobConfigException("no text model: pass --text-model DIR (a folder with an Optimum "
          + "ONNX decoder export and its tokenizer.json)");
    }
    Map<String, TextModelSpec> specs = new LinkedHashMap<>();
    locations.forEach((name, location) -> {
      TextModelSpec spec = resolveOne(name, location);
      specs.put(spec.name(), spec);
    });
    for (String pinned : conf.modelsConf().pins().keySet()) {
      if (!specs.containsKey(pinned)) {
        throw new JobConfigException("pin." + pinned + " names no model of this job (models: "
            + specs.keySet() + ")");
      }
    }
    return specs;
  }

  private TextModelSpec resolveOne(String name, String location) {
    String what = name == null ? "--text-model " + location : "models." + name + "=" + location;
    Path dir = localFolder(location, what);
    String override = conf.modelsConf().licenses().get(name == null ? dir.getFileName().toString() : name);
    ModelDescriptor d;
    try {
      d = ModelResolver.resolve(dir, override == null ? null : LicenseOverride.of(override));
    } catch (RuntimeException e) {
      throw new JobConfigException("text model (" + what + "): " + e.getMessage(), e);
    }
    String modelName = name == null ? d.modelId() : name;
    if (d.pipelineTag() != null && !TEXT_PIPELINES.contains(d.pipelineTag())) {
      throw new JobConfigException("model " + d.modelId() + " (" + what + ") is a '" + d.pipelineTag()
          + "' model by its model card, not a text-generation model; pass it where that task is "
          + "served, or fix the card's pipeline_tag");
    }
    String pin = conf.modelsConf().pins().get(modelName);
    if (pin != null) {
      ModelResolver.verifyPinned(d, pin);
    }
    PolicyDecision policy = LicenseGate.decide(d, conf.usage(), conf.allowUnknownLicense());
    boolean local = spark.sparkContext().isLocal();
    Distribution mode = conf.modelsConf().effective(local);
    // In local mode with local paths, the trial load is the load the tasks reuse (same JVM).
    boolean loadInPlace = local && mode == Distribution.LOCAL_PATH;
    if (!loadInPlace) {
      trial(d, dir, () -> TextModel.load(d.modelId(), dir, session).close());
    }
    DistributedModel model = ModelDistributor.distribute(
        JavaSparkContext.fromSparkContext(spark.sparkContext()), d, dir, location, mode,
        conf.modelsConf().chunkBytes());
    TextModelSpec spec = new TextModelSpec(modelName, model, policy,
        io.genpipe.runtime.generate.GenerationDefaults.readConfig(dir));
    if (loadInPlace) {
      trial(d, dir, () -> ExecutorModels.borrow(spec, session, Path.of(conf.modelsConf().cacheDir()),
          conf.modelsConf().memoryBudgetBytes(), ExecutorModels.LoadListener.NONE).close());
    }
    return spec;
  }

  private Path localFolder(String location, String what) {
    if (!DriverModelFolder.isLocal(location)) {
      try {
        return DriverModelFolder.localCopy(location, spark.sparkContext().hadoopConfiguration(),
            Path.of(conf.modelsConf().cacheDir()));
      } catch (IllegalArgumentException e) {
        throw new JobConfigException("text model (" + what + "): " + e.getMessage(), e);
      }
    }
    Path dir = location.startsWith("file:") ? Path.of(URI.create(location))
        : Path.of(location).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new JobConfigException("text model folder " + dir + " does not exist or is not a folder ("
          + what + ")");
    }
    return dir;
  }

  /** Opens the model once on the driver, so that a broken export fails the job, not its tasks. */
  private static void trial(ModelDescriptor d, Path dir, Runnable load) {
    try {
      load.run();
    } catch (RuntimeException e) {
      throw new JobConfigException("text model " + d.modelId() + " at " + dir + " cannot be used: "
          + e.getMessage(), e);
    }
  }
}
