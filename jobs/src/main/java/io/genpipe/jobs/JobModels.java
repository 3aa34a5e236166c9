package io.genpipe.jobs;

import io.genpipe.model.LicenseOverride;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelResolver;
import io.genpipe.model.spark.Distribution;
import io.genpipe.model.spark.DistributedModel;
import io.genpipe.model.spark.DriverModelFolder;
import io.genpipe.model.spark.ModelDistributor;
import io.genpipe.onnx.OperatorDomains;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.onnx.image.ImageModel;
import io.genpipe.runtime.generate.GenerationDefaults;
import io.genpipe.udf.spark.ExecutorModels;
import io.genpipe.udf.spark.ImageModelSpec;
import io.genpipe.udf.spark.PolicyDecision;
import io.genpipe.udf.spark.TaskModels;
import io.genpipe.udf.spark.TextModelSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Resolves a job's models on the driver, before any executor work: digests and licence facts
 * (with the job's overrides and pins), the model card's task, the licence gate, one trial load that
 * proves the export runs, and the distribution of the weights to executors. In local mode with
 * local paths the trial load is the executor's load, kept in the shared per-JVM cache.
 */
final class JobModels {
  private static final Set<String> TEXT_PIPELINES = Set.of("text-generation", "text2text-generation");
  private static final Set<String> IMAGE_PIPELINES = Set.of("text-to-image");
  private static final Set<String> ANY_PIPELINES = Set.of("text-generation", "text2text-generation",
      "text-to-image");
  private final SparkSession spark;
  private final JobConf conf;
  private final ModelsConf models;
  private final SessionConf session;
  private final ExecutorModels.LoadListener inPlaceLoads;

  /**
   * @param inPlaceLoads told of the loads done here into the per-JVM cache that a local master's
   *     tasks share (so that the run's metrics count them)
   */
  JobModels(SparkSession spark, JobConf conf, SessionConf session,
      ExecutorModels.LoadListener inPlaceLoads) {
    this.spark = spark;
    this.conf = conf;
    this.models = conf.models();
    this.session = session;
    this.inPlaceLoads = inPlaceLoads;
  }

  /** A model resolved for the job, before its kind-specific part. */
  private record Resolved(String name, ModelDescriptor descriptor, Path dir, PolicyDecision policy,
      DistributedModel model, boolean loadInPlace) {}

  TaskModels resolve() {
    Map<String, TextModelSpec> text = new LinkedHashMap<>();
    Map<String, ImageModelSpec> image = new LinkedHashMap<>();
    String defaultText = null;
    String defaultImage = null;
    if (models.textModel() != null) {
      TextModelSpec t = text(null, models.textModel());
      text.put(t.name(), t);
      defaultText = t.name();
    }
    models.namedModels().forEach((name, location) -> {
      Resolved r = common(name, location, "--model", ANY_PIPELINES, "text-generation or text-to-image");
      if (isImage(r)) {
        image.put(name, image(r));
      } else {
        text.put(name, text(r));
      }
    });
    if (models.imageModel() != null) {
      ImageModelSpec i = image(models.imageModel());
      image.put(i.name(), i);
      defaultImage = i.name();
    }
    if (text.isEmpty() && image.isEmpty()) {
      throw new JobConfigException("no model: pass --text-model DIR (an Optimum ONNX decoder export "
          + "with its tokenizer.json) and/or --image-model DIR (a Stable Diffusion ONNX export)");
    }
    TaskModels resolved = new TaskModels(text, defaultText, image, defaultImage, session,
        models.cacheDir(), models.memoryBudgetBytes());
    try {
      checkNamesModels(JobOptions.PIN_PREFIX, models.pins().keySet(), resolved.names());
      checkNamesModels(JobOptions.LICENSE_PREFIX, models.licenses().keySet(), resolved.names());
    } catch (JobConfigException e) {
      resolved.distributed().forEach(DistributedModel::release);
      throw e;
    }
    return resolved;
  }

  /**
   * Pins and licence overrides are keyed by the model's name: the NAME of {@code --model NAME=DIR},
   * else the model id ({@code model_id} or {@code name} of the card, else the folder name) — the
   * name rows give in their {@code model} column.
   */
  private static void checkNamesModels(String prefix, Set<String> keys, Set<String> names) {
    for (String key : new TreeSet<>(keys)) {
      if (!names.contains(key)) {
        throw new JobConfigException(prefix + key + " names no model of this job; its models are "
            + names + " (the NAME of --model NAME=DIR, else the model id of --text-model/"
            + "--image-model as `genpipe model inspect` prints it)");
      }
    }
  }

  /** A named model serves image rows when its card says text-to-image or it is a diffusers folder. */
  private static boolean isImage(Resolved r) {
    return IMAGE_PIPELINES.contains(r.descriptor().pipelineTag())
        || Files.isRegularFile(r.dir().resolve("model_index.json"));
  }

  private TextModelSpec text(String name, String location) {
    return text(common(name, location, "--text-model", TEXT_PIPELINES, "text-generation"));
  }

  private TextModelSpec text(Resolved r) {
    if (!r.loadInPlace()) {
      trial(r, () -> TextModel.load(r.descriptor().modelId(), r.dir(), session).close());
    }
    TextModelSpec spec = new TextModelSpec(r.name(), r.model(), r.policy(),
        GenerationDefaults.readConfig(r.dir()));
    if (r.loadInPlace()) {
      trial(r, () -> ExecutorModels.borrow(spec, session, Path.of(models.cacheDir()),
          models.memoryBudgetBytes(), inPlaceLoads).close());
    }
    return spec;
  }

  private ImageModelSpec image(String location) {
    return image(common(null, location, "--image-model", IMAGE_PIPELINES, "text-to-image"));
  }

  private ImageModelSpec image(Resolved r) {
    String[] defaults = new String[1];
    trial(r, () -> {
      if (r.loadInPlace()) {
        try (ExecutorModels.Lease<ImageModel> lease = ExecutorModels.borrow(r.model(), session,
            Path.of(models.cacheDir()), models.memoryBudgetBytes(), inPlaceLoads, ImageModel::load)) {
          defaults[0] = lease.model().defaults().toJson();
        }
      } else {
        try (ImageModel m = ImageModel.load(r.descriptor().modelId(), r.dir(), session)) {
          defaults[0] = m.defaults().toJson();
        }
      }
    });
    return new ImageModelSpec(r.name(), r.model(), r.policy(), defaults[0]);
  }

  private Resolved common(String name, String location, String flag, Set<String> pipelines,
      String kind) {
    String what = name == null ? flag + " " + location : "models." + name + "=" + location;
    Path dir = localFolder(location, what);
    ModelDescriptor d;
    String modelName;
    try {
      d = ModelResolver.resolve(dir);
      modelName = name == null ? d.modelId() : name;
      String override = models.licenses().get(modelName);
      if (override != null) {
        d = d.withLicense(LicenseOverride.of(override).applyTo(d.license()));
      }
    } catch (RuntimeException e) {
      throw new JobConfigException("model (" + what + "): " + e.getMessage(), e);
    }
    refuseCustomOperators(d.modelId(), what, dir);
    if (d.pipelineTag() != null && !pipelines.contains(d.pipelineTag())) {
      throw new JobConfigException("model " + d.modelId() + " (" + what + ") is a '" + d.pipelineTag()
          + "' model by its model card, not a " + kind + " model; pass it where that task is "
          + "served, or fix the card's pipeline_tag");
    }
    String pin = models.pins().get(modelName);
    if (pin != null) {
      try {
        ModelResolver.verifyPinned(d, pin);
      } catch (RuntimeException e) {
        throw new JobConfigException(e.getMessage(), e);
      }
    }
    PolicyDecision policy = decide(d, modelName);
    boolean local = spark.sparkContext().isLocal();
    Distribution mode = models.effective(local);
    DistributedModel model = ModelDistributor.distribute(
        JavaSparkContext.fromSparkContext(spark.sparkContext()), d, dir, location, mode,
        models.chunkBytes());
    return new Resolved(modelName, d, dir, policy, model, local && mode == Distribution.LOCAL_PATH);
  }

  private PolicyDecision decide(ModelDescriptor d, String modelName) {
    try {
      return LicenseGate.decide(d, conf.policy().usage(), conf.policy().allowUnknown());
    } catch (JobConfigException e) {
      if (models.licenses().isEmpty() || models.licenses().containsKey(modelName)) {
        throw e;
      }
      throw new JobConfigException(e.getMessage() + " (the job's licence overrides "
          + models.licenses().keySet().stream().map(k -> JobOptions.LICENSE_PREFIX + k).toList()
          + " do not name this model; its override key is " + JobOptions.LICENSE_PREFIX + modelName
          + ")", e);
    }
  }

  private Path localFolder(String location, String what) {
    if (!DriverModelFolder.isLocal(location)) {
      try {
        return DriverModelFolder.localCopy(location, spark.sparkContext().hadoopConfiguration(),
            Path.of(models.cacheDir()));
      } catch (IllegalArgumentException | io.genpipe.model.ModelException e) {
        throw new JobConfigException("model (" + what + "): " + e.getMessage(), e);
      }
    }
    Path dir = location.startsWith("file:") ? Path.of(URI.create(location))
        : Path.of(location).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new JobConfigException("model folder " + dir + " does not exist or is not a folder ("
          + what + ")");
    }
    return dir;
  }

  /**
   * Refuses a model whose ONNX files import an operator domain that ONNX Runtime does not
   * implement: such operators live in a custom-op library (native code outside the model's
   * sha256), and genpipe never registers one. Checked before any load, with the domain named.
   */
  private static void refuseCustomOperators(String modelId, String what, Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".onnx"))::iterator) {
        Set<String> custom = customDomains(f);
        if (!custom.isEmpty()) {
          throw new JobConfigException("model " + modelId + " (" + what + "): " + dir.relativize(f)
              + " imports operator domain(s) " + custom + ", which ONNX Runtime does not implement; "
              + "their operators come from a custom-op library, and genpipe never loads custom-op "
              + "libraries (native code outside the model's sha256). Export the model with standard "
              + "ONNX operators (com.microsoft contrib operators are fine)");
        }
      }
    } catch (java.io.IOException e) {
      throw new JobConfigException("model " + modelId + " (" + what + "): cannot read its ONNX "
          + "files: " + e.getMessage(), e);
    }
  }

  /** None when the file does not parse: the trial load then reports ONNX Runtime's own error. */
  private static Set<String> customDomains(Path onnx) {
    try {
      return OperatorDomains.custom(onnx);
    } catch (java.io.IOException e) {
      return Set.of();
    }
  }

  /** Opens the model once on the driver, so that a broken export fails the job, not its tasks. */
  private static void trial(Resolved r, Runnable load) {
    try {
      load.run();
    } catch (RuntimeException e) {
      r.model().release();
      throw new JobConfigException("model " + r.descriptor().modelId() + " at " + r.dir()
          + " cannot be used: " + e.getMessage(), e);
    }
  }
}
