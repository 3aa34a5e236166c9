package io.genpipe.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.genpipe.runtime.image.ImageBatchLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Job options as kebab-case keys, layered with a stated precedence (later wins): built-in defaults,
 * Spark conf {@code spark.genpipe.<key>}, the {@code --config} file (YAML or JSON), {@code --set
 * key=value}, then the command's own flags. Unknown keys are refused so that a typo never silently
 * falls back to a default.
 */
public final class JobOptions {
  public static final String PROMPTS = "prompts";
  public static final String OUT = "out";
  public static final String TEXT_MODEL = "text-model";
  public static final String IMAGE_MODEL = "image-model";
  public static final String IMAGE_PARAMS = "image-params";
  public static final String LATENTS_ROOT = "latents-root";
  public static final String IMAGE_BATCH_MEMORY = "image-batch-memory";
  public static final String IMAGE_MAX_BATCH = "image-max-batch";
  public static final String MODELS_PREFIX = "models.";
  public static final String MASTER = "master";
  public static final String PARTITIONS = "partitions";
  public static final String BATCH_SIZE = "batch-size";
  public static final String SEED = "seed";
  public static final String JOB_NAME = "job-name";
  public static final String RUN_ID = "run-id";
  public static final String PARAMS = "params";
  public static final String USAGE = "usage";
  public static final String ALLOW_UNKNOWN_LICENSE = "allow-unknown-license";
  public static final String INTRA_OP_THREADS = "intra-op-threads";
  public static final String PROGRESS_INTERVAL = "progress-interval";
  public static final String MODEL_DISTRIBUTION = "model-distribution";
  public static final String MODEL_CHUNK_SIZE = "model-chunk-size";
  public static final String MODEL_CACHE_DIR = "model-cache-dir";
  public static final String MODEL_MEMORY_BUDGET = "model-memory-budget";
  public static final String RESUME = "resume";
  public static final String FAIL_FIRST_ATTEMPT = "fault-injection.fail-first-attempt";
  public static final String GPU_STAGE_PROFILE = "gpu-stage-profile";
  public static final String EXECUTOR_GPUS = "executor-gpus";
  public static final String TASK_GPUS = "task-gpus";
  public static final String PIN_PREFIX = "pin.";
  public static final String LICENSE_PREFIX = "license.";
  public static final String SPARK_CONF_PREFIX = "spark.genpipe.";

  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry(PARTITIONS, "0"), Map.entry(BATCH_SIZE, "8"), Map.entry(SEED, "0"),
      Map.entry(JOB_NAME, "genpipe"), Map.entry(PARAMS, "{}"), Map.entry(IMAGE_PARAMS, "{}"),
      Map.entry(USAGE, "research"),
      Map.entry(IMAGE_BATCH_MEMORY, (ImageBatchLimits.DEFAULT_MEMORY_BYTES >> 30) + "g"),
      Map.entry(IMAGE_MAX_BATCH, Integer.toString(ImageBatchLimits.DEFAULT_MAX_BATCH)),
      Map.entry(ALLOW_UNKNOWN_LICENSE, "false"), Map.entry(INTRA_OP_THREADS, "0"),
      Map.entry(PROGRESS_INTERVAL, "10"), Map.entry(MODEL_DISTRIBUTION, "auto"),
      Map.entry(MODEL_CHUNK_SIZE, "256m"), Map.entry(MODEL_MEMORY_BUDGET, "16g"),
      Map.entry(RESUME, "false"), Map.entry(FAIL_FIRST_ATTEMPT, ""),
      Map.entry(GPU_STAGE_PROFILE, "false"), Map.entry(EXECUTOR_GPUS, "1"),
      Map.entry(TASK_GPUS, "1"),
      Map.entry(MODEL_CACHE_DIR,
          System.getProperty("java.io.tmpdir") + "/genpipe-model-cache-{user}"));
  static final List<String> KEYS = List.of(PROMPTS, OUT, TEXT_MODEL, IMAGE_MODEL, IMAGE_PARAMS,
      LATENTS_ROOT, IMAGE_BATCH_MEMORY, IMAGE_MAX_BATCH, MASTER, PARTITIONS, BATCH_SIZE,
      SEED, JOB_NAME, RUN_ID, PARAMS, USAGE, ALLOW_UNKNOWN_LICENSE, INTRA_OP_THREADS,
      PROGRESS_INTERVAL, MODEL_DISTRIBUTION, MODEL_CHUNK_SIZE, MODEL_CACHE_DIR, MODEL_MEMORY_BUDGET,
      RESUME, FAIL_FIRST_ATTEMPT, GPU_STAGE_PROFILE, EXECUTOR_GPUS, TASK_GPUS);
  static final List<String> PREFIXES = List.of(MODELS_PREFIX, PIN_PREFIX, LICENSE_PREFIX);
  private static final Pattern RUN_ID_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,127}");

  private final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
  private final Map<String, String> sources = new TreeMap<>();
  private final Map<String, String> sparkConf = new LinkedHashMap<>();

  /** Adds a layer over the current values; {@code source} names it in error messages. */
  public JobOptions layer(Map<String, String> options, String source) {
    options.forEach((k, v) -> {
      if (v == null) {
        return;
      }
      if (!KEYS.contains(k) && PREFIXES.stream().noneMatch(k::startsWith)) {
        throw new JobConfigException("unknown option '" + k + "' (from " + source + "); known: "
            + KEYS + ", models.<name>, pin.<name>, license.<name>");
      }
      values.put(k, v);
      sources.put(k, source);
    });
    return this;
  }

  /** Spark settings: kept for the session, and {@code spark.genpipe.*} read as options. */
  public JobOptions sparkConf(Map<String, String> conf) {
    Map<String, String> genpipe = new LinkedHashMap<>();
    conf.forEach((k, v) -> {
      if (k.startsWith(SPARK_CONF_PREFIX)) {
        genpipe.put(k.substring(SPARK_CONF_PREFIX.length()), v);
      } else {
        sparkConf.put(k, v);
      }
    });
    return layer(genpipe, "Spark conf spark.genpipe.*");
  }

  /** Reads a YAML/JSON config file of options; a nested {@code conf:} map holds Spark settings. */
  public JobOptions configFile(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new JobConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new JobConfigException("config file " + file + " must hold a mapping of options");
    }
    Map<String, String> flat = new LinkedHashMap<>();
    Map<String, String> conf = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("conf") || e.getKey().equals("models")) {
        Map<String, String> target = e.getKey().equals("conf") ? conf : flat;
        String prefix = e.getKey().equals("conf") ? "" : MODELS_PREFIX;
        e.getValue().fields().forEachRemaining(c -> target.put(prefix + c.getKey(), text(c.getValue())));
      } else {
        flat.put(e.getKey(), text(e.getValue()));
      }
    }
    sparkConf.putAll(conf);
    return layer(flat, "config file " + file);
  }

  private static String text(JsonNode n) {
    return n.isValueNode() ? n.asText() : n.toString();
  }

  /** Parses {@code key=value} pairs given as {@code --set}. */
  public static Map<String, String> pairs(List<String> pairs, String flag) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new JobConfigException(flag + " takes KEY=VALUE, got '" + p + "'");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1));
    }
    return out;
  }

  public JobConf toJobConf() {
    return new JobConf(required(PROMPTS), required(OUT), values.get(MASTER), integer(PARTITIONS, 0),
        values.get(JOB_NAME), runId(), integer(PROGRESS_INTERVAL, 1), sparkConf, modelsConf(),
        new GenerationConf(integer(BATCH_SIZE, 1), longValue(SEED), jsonObject(PARAMS),
            jsonObject(IMAGE_PARAMS), values.get(LATENTS_ROOT), imageBatchLimits()),
        new LicensePolicy(Usage.parse(values.get(USAGE)), bool(ALLOW_UNKNOWN_LICENSE)),
        bool(RESUME), partitionSet(), gpuStage());
  }

  private GpuStageConf gpuStage() {
    String task = values.get(TASK_GPUS).trim();
    double taskGpus;
    try {
      taskGpus = Double.parseDouble(task);
    } catch (NumberFormatException e) {
      throw new JobConfigException("option '" + TASK_GPUS + "' must be a number such as 1 or 0.25, "
          + "got '" + task + "' (from " + where(TASK_GPUS) + ")");
    }
    return new GpuStageConf(bool(GPU_STAGE_PROFILE), integer(EXECUTOR_GPUS, 1), taskGpus);
  }

  private ImageBatchLimits imageBatchLimits() {
    long memory = bytes(IMAGE_BATCH_MEMORY);
    if (memory < 1) {
      throw new JobConfigException("option '" + IMAGE_BATCH_MEMORY + "' must be a positive size "
          + "such as 8g, got '" + values.get(IMAGE_BATCH_MEMORY) + "' (from "
          + where(IMAGE_BATCH_MEMORY) + ")");
    }
    return new ImageBatchLimits(memory, integer(IMAGE_MAX_BATCH, 1));
  }

  private java.util.Set<Integer> partitionSet() {
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    for (String part : values.get(FAIL_FIRST_ATTEMPT).split(",")) {
      if (!part.isBlank()) {
        try {
          out.add(Integer.parseInt(part.trim()));
        } catch (NumberFormatException e) {
          throw new JobConfigException("option '" + FAIL_FIRST_ATTEMPT + "' takes partition numbers "
              + "such as 0,3, got '" + values.get(FAIL_FIRST_ATTEMPT) + "'");
        }
      }
    }
    return out;
  }

  private ModelsConf modelsConf() {
    String mode = values.get(MODEL_DISTRIBUTION).trim();
    try {
      return new ModelsConf(values.get(TEXT_MODEL), withPrefix(MODELS_PREFIX),
          values.get(IMAGE_MODEL), integer(INTRA_OP_THREADS, 0),
          mode.equals("auto") ? null : io.genpipe.model.spark.Distribution.parse(mode),
          bytes(MODEL_CHUNK_SIZE), values.get(MODEL_CACHE_DIR), bytes(MODEL_MEMORY_BUDGET),
          withPrefix(PIN_PREFIX), withPrefix(LICENSE_PREFIX));
    } catch (IllegalArgumentException e) {
      throw new JobConfigException("option '" + MODEL_DISTRIBUTION + "': " + e.getMessage()
          + " or auto (from " + where(MODEL_DISTRIBUTION) + ")");
    }
  }

  private Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private long bytes(String key) {
    try {
      return ByteSize.parse(values.get(key));
    } catch (IllegalArgumentException e) {
      throw new JobConfigException("option '" + key + "' " + e.getMessage() + " (from " + where(key)
          + ")");
    }
  }

  private String required(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new JobConfigException("option '" + key + "' is required; pass --" + key);
    }
    return v;
  }

  private String where(String key) {
    return sources.getOrDefault(key, "defaults");
  }

  private int integer(String key, int min) {
    try {
      int v = Integer.parseInt(values.get(key).trim());
      if (v >= min) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new JobConfigException("option '" + key + "' must be an integer >= " + min + ", got '"
        + values.get(key) + "' (from " + where(key) + ")");
  }

  private long longValue(String key) {
    try {
      return Long.parseLong(values.get(key).trim());
    } catch (NumberFormatException e) {
      throw new JobConfigException("option '" + key + "' must be an integer, got '" + values.get(key)
          + "' (from " + where(key) + ")");
    }
  }

  private boolean bool(String key) {
    String v = values.get(key).trim();
    if (!v.equals("true") && !v.equals("false")) {
      throw new JobConfigException("option '" + key + "' must be true or false, got '" + v
          + "' (from " + where(key) + ")");
    }
    return Boolean.parseBoolean(v);
  }

  private String jsonObject(String key) {
    String v = values.get(key);
    try {
      JsonNode n = new ObjectMapper().readTree(v);
      if (n != null && n.isObject()) {
        return n.toString();
      }
    } catch (IOException e) {
      // reported below
    }
    throw new JobConfigException("option '" + key + "' must be a JSON object such as "
        + "{\"max_new_tokens\":32}, got '" + v + "' (from " + where(key) + ")");
  }

  private String runId() {
    String v = values.get(RUN_ID);
    if (v == null) {
      return DateTimeFormatter.ofPattern("'r'yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC))
          + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    }
    if (!RUN_ID_PATTERN.matcher(v).matches()) {
      throw new JobConfigException("option 'run-id' must be 1-128 characters of letters, digits, "
          + "'.', '_' or '-', starting with a letter (it names runs/<run-id>.json and the manifest "
          + "partition run_id=<run-id>), got '" + v + "'");
    }
    return v;
  }
}
