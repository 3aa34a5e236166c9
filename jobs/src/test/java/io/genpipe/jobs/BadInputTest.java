package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.testing.CustomOperatorDomain;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import io.genpipe.testing.sd.SdVariant;
import io.genpipe.testing.sd.TinyStableDiffusion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: each case with its expected outcome. Job-level problems are refused on the
 * driver before any generation, naming the column, setting or model; row-level problems become
 * error rows naming the row; every input id lands in the manifest exactly once.
 */
class BadInputTest {
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path model;
  private static Path imageModel;
  private static int runs;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("bad-input")
        .config("spark.ui.enabled", "false").getOrCreate();
    model = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD);
    imageModel = TinyStableDiffusion.write(tmp.resolve("tiny-sd"), SdVariant.OPTIMUM);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Map<String, String> options(Path prompts) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, prompts.toString());
    o.put(JobOptions.OUT, tmp.resolve("out-" + (++runs)).toString());
    o.put(JobOptions.TEXT_MODEL, model.toString());
    o.put(JobOptions.PROGRESS_INTERVAL, "60");
    return o;
  }

  private static RunResult run(Map<String, String> options) {
    JobConf conf = new JobOptions().layer(options, "test").toJobConf();
    return new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream())).run(conf);
  }

  private static Path parquet(String name, StructType schema, List<Row> rows) {
    Path p = tmp.resolve(name);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
    return p;
  }

  private static Path ok() {
    return jsonl(tmp.resolve("ok-" + (++runs) + ".jsonl"), List.of(row("id", "a", "task", "text", "prompt", "hi")));
  }

  private static Path textModelWith(String name, Function<Path, Path> change) {
    return change.apply(TinyDecoderModels.write(tmp.resolve(name), DecoderVariant.STANDARD));
  }

  static Stream<Arguments> jobLevelCases() {
    StructType idArray = new StructType().add("id", DataTypes.createArrayType(DataTypes.StringType))
        .add("task", DataTypes.StringType).add("prompt", DataTypes.StringType);
    StructType seedString = new StructType().add("id", DataTypes.StringType)
        .add("task", DataTypes.StringType).add("prompt", DataTypes.StringType).add("seed", DataTypes.StringType);
    StructType paramsArray = new StructType().add("id", DataTypes.StringType)
        .add("task", DataTypes.StringType).add("prompt", DataTypes.StringType)
        .add("params", DataTypes.createArrayType(DataTypes.IntegerType));
    return Stream.of(
        Arguments.of("missing id column", (Function<Map<String, String>, Map<String, String>>) o -> with(o,
            JobOptions.PROMPTS, jsonl(tmp.resolve("noid.jsonl"), List.of(row("task", "text", "prompt", "x")))), "'id'"),
        Arguments.of("missing prompt column", fn(o -> with(o, JobOptions.PROMPTS,
            jsonl(tmp.resolve("noprompt.jsonl"), List.of(row("id", "a", "task", "text"))))), "'prompt'"),
        Arguments.of("missing task column", fn(o -> with(o, JobOptions.PROMPTS,
            jsonl(tmp.resolve("notask.jsonl"), List.of(row("id", "a", "prompt", "x"))))), "'task'"),
        Arguments.of("id of a wrong type", fn(o -> with(o, JobOptions.PROMPTS, parquet("idarray.parquet",
            idArray, List.of(RowFactory.create(List.of("a"), "text", "x"))))), "'id'"),
        Arguments.of("seed as a string in Parquet", fn(o -> with(o, JobOptions.PROMPTS, parquet(
            "seedstring.parquet", seedString, List.of(RowFactory.create("a", "text", "x", "7"))))), "'seed'"),
        Arguments.of("params as an array", fn(o -> with(o, JobOptions.PROMPTS, parquet("paramsarray.parquet",
            paramsArray, List.of(RowFactory.create("a", "text", "x", List.of(1)))))), "'params'"),
        Arguments.of("duplicate ids", fn(o -> with(o, JobOptions.PROMPTS, jsonl(tmp.resolve("dup.jsonl"),
            List.of(row("id", "dup-1", "task", "text", "prompt", "x"), row("id", "dup-1", "task", "text", "prompt", "y"))))),
            "dup-1"),
        Arguments.of("null id", fn(o -> with(o, JobOptions.PROMPTS, jsonl(tmp.resolve("nullid.jsonl"),
            List.of(row("id", null, "task", "text", "prompt", "x"))))), "null"),
        Arguments.of("prompts path missing", fn(o -> with(o, JobOptions.PROMPTS, tmp.resolve("nope.parquet"))),
            "nope.parquet"),
        Arguments.of("model folder missing", fn(o -> with(o, JobOptions.TEXT_MODEL, tmp.resolve("no-model"))),
            "no-model"),
        Arguments.of("model file missing", fn(o -> with(o, JobOptions.TEXT_MODEL,
            textModelWith("no-onnx", d -> delete(d.resolve("model.onnx"))))), "model.onnx"),
        Arguments.of("sha256 mismatch with the pin", fn(o -> with(with(o, JobOptions.TEXT_MODEL,
            textModelWith("pinned", d -> d)), JobOptions.PIN_PREFIX + "pinned", "0".repeat(64))), "0".repeat(64)),
        Arguments.of("licence override naming no model", fn(o -> with(o, JobOptions.LICENSE_PREFIX + "nosuch",
            "MIT")), "license.nosuch names no model of this job; its models are [tiny-lm]"),
        Arguments.of("licence override keyed by folder, not model name", fn(o -> with(with(o,
            JobOptions.TEXT_MODEL, textModelWith("folder-x", d -> write(d.resolve("README.md"),
                "---\nname: card-name\n---\n"))), JobOptions.LICENSE_PREFIX + "folder-x", "MIT")),
            "its override key is license.card-name"),
        Arguments.of("corrupt ONNX", fn(o -> with(o, JobOptions.TEXT_MODEL,
            textModelWith("corrupt", d -> write(d.resolve("model.onnx"), "not an onnx file")))), "cannot be used"),
        Arguments.of("model needing a custom-op library", fn(o -> with(o, JobOptions.TEXT_MODEL,
            textModelWith("customop", d -> CustomOperatorDomain.add(d.resolve("model.onnx"),
                "ai.onnx.contrib").getParent()))), "[ai.onnx.contrib]"),
        Arguments.of("model task mismatch (image model as text model)", fn(o -> with(o, JobOptions.TEXT_MODEL,
            imageModel)), "not a text-generation model"),
        Arguments.of("unknown licence", fn(o -> with(o, JobOptions.TEXT_MODEL,
            textModelWith("nolicence", d -> write(d.resolve("README.md"), "# no front matter\n")))),
            "allow-unknown-license"),
        Arguments.of("non-commercial model in a commercial job", fn(o -> with(with(o, JobOptions.TEXT_MODEL,
            textModelWith("nc", d -> write(d.resolve("README.md"), "---\nlicense: cc-by-nc-4.0\n---\n"))),
            JobOptions.USAGE, "commercial")), "non-commercial"),
        Arguments.of("output prefix not writable", fn(o -> with(o, JobOptions.OUT,
            write(tmp.resolve("a-file"), "x").resolve("out"))), "not writable"),
        Arguments.of("existing OUT without --resume", fn(o -> with(o, JobOptions.OUT,
            mkdirs(tmp.resolve("used/manifest/run_id=r1")).getParent().getParent())), "already holds a run"),
        Arguments.of("GPU stage profile on a local master", fn(o -> with(o, JobOptions.GPU_STAGE_PROFILE,
            "true")), "gpu-stage-profile=true needs a cluster master"),
        Arguments.of("unknown option", fn(o -> with(o, "batchsize", "8")), "unknown option 'batchsize'"),
        Arguments.of("malformed option value", fn(o -> with(o, JobOptions.BATCH_SIZE, "eight")), "batch-size"),
        Arguments.of("image batch memory not a size", fn(o -> with(o, JobOptions.IMAGE_BATCH_MEMORY, "lots")),
            "image-batch-memory"),
        Arguments.of("image batch memory zero", fn(o -> with(o, JobOptions.IMAGE_BATCH_MEMORY, "0")),
            "image-batch-memory"),
        Arguments.of("image max batch below 1", fn(o -> with(o, JobOptions.IMAGE_MAX_BATCH, "0")),
            "image-max-batch"));
  }

  private static Function<Map<String, String>, Map<String, String>> fn(
      Function<Map<String, String>, Map<String, String>> f) {
    return f;
  }

  private static Map<String, String> with(Map<String, String> o, String key, Object value) {
    o.put(key, value.toString());
    return o;
  }

  private static Path delete(Path p) {
    try {
      Files.delete(p);
      return p.getParent();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path write(Path p, String text) {
    try {
      Files.writeString(p, text);
      return p.getParent().equals(tmp) ? p : p.getParent();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path mkdirs(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobLevelCases")
  void jobLevelProblemsAreRefusedBeforeGeneration(String name,
      Function<Map<String, String>, Map<String, String>> setup, String inMessage) {
    Map<String, String> o = setup.apply(options(ok()));
    RuntimeException e = assertThrows(RuntimeException.class, () -> run(o), name);
    assertTrue(e instanceof JobConfigException || e instanceof io.genpipe.dataset.PromptDatasetException,
        name + ": " + e);
    assertTrue(e.getMessage().contains(inMessage), name + ": expected '" + inMessage + "' in: " + e.getMessage());
    assertFalse(Files.exists(Path.of(o.get(JobOptions.OUT)).resolve("runs")), name + ": no run written");
  }

  @Test
  void licenceOverridesAndPinsAreKeyedByModelName() {
    Path dir = textModelWith("folder-y", d -> write(d.resolve("README.md"), "---\nname: card-y\n---\n"));
    String sha = io.genpipe.model.ModelResolver.resolve(dir).sha256();
    Map<String, String> o = options(ok());
    o.put(JobOptions.TEXT_MODEL, dir.toString());
    o.put(JobOptions.MODELS_PREFIX + "other", model.toString());
    o.put(JobOptions.LICENSE_PREFIX + "card-y", "MIT");
    o.put(JobOptions.LICENSE_PREFIX + "other", "Apache-2.0");
    o.put(JobOptions.PIN_PREFIX + "card-y", sha);
    JobConf conf = new JobOptions().layer(o, "test").toJobConf();
    io.genpipe.udf.spark.TaskModels models =
        new JobModels(spark, conf, io.genpipe.onnx.SessionConf.CPU_DEFAULT,
            io.genpipe.udf.spark.ExecutorModels.LoadListener.NONE).resolve();
    try {
      io.genpipe.model.LicenseInfo y = models.text().get("card-y").model().descriptor().license();
      assertEquals("MIT", y.license());
      assertTrue(y.overridden());
      io.genpipe.model.LicenseInfo other = models.text().get("other").model().descriptor().license();
      assertEquals("Apache-2.0", other.license());
      assertTrue(other.overridden());
    } finally {
      models.text().values().forEach(t -> t.model().release());
    }
  }

  @Test
  void rowLevelProblemsAreErrorRowsAndEveryIdLandsOnce() {
    String megabyte = "a cat sat on a mat. ".repeat(52_429);
    List<Map<String, Object>> rows = List.of(
        row("id", "null-prompt", "task", "text", "prompt", null),
        row("id", "empty-prompt", "task", "text", "prompt", ""),
        row("id", "unknown-task", "task", "video", "prompt", "x"),
        row("id", "params-not-json", "task", "text", "prompt", "x", "params", "{oops"),
        row("id", "unknown-param", "task", "text", "prompt", "x", "params", "{\"beams\":2}"),
        row("id", "out-of-range", "task", "text", "prompt", "x", "params", "{\"do_sample\":true,\"top_p\":1.5}"),
        row("id", "over-context", "task", "text", "prompt", "the cat sat on the mat ".repeat(30)),
        row("id", "one-megabyte", "task", "text", "prompt", megabyte),
        row("id", "unknown-model", "task", "text", "prompt", "x", "model", "gpt-17"),
        row("id", "../x", "task", "text", "prompt", "hi", "params", "{\"max_new_tokens\":2}"),
        row("id", "/etc/passwd", "task", "text", "prompt", "hi", "params", "{\"max_new_tokens\":2}"),
        row("id", "%2e%2e%2fx", "task", "image", "prompt", "hi",
            "params", "{\"width\":64,\"height\":64,\"num_inference_steps\":2}"));
    Map<String, String> o = options(jsonl(tmp.resolve("rows.jsonl"), rows));
    o.put(JobOptions.IMAGE_MODEL, imageModel.toString());
    RunResult r = run(o);
    Map<String, Row> byId = new TreeMap<>();
    List<Row> manifest = spark.read().parquet(r.manifest()).collectAsList();
    manifest.forEach(x -> assertEquals(null, byId.put(x.getAs("prompt_id"), x), "duplicate " + x));
    assertEquals(rows.size(), byId.size(), "every id once");
    expect(byId, "null-prompt", "empty_prompt");
    expect(byId, "empty-prompt", "empty_prompt");
    expect(byId, "unknown-task", "unsupported_task");
    expect(byId, "params-not-json", "invalid_params");
    expect(byId, "unknown-param", "invalid_params");
    expect(byId, "out-of-range", "invalid_params");
    expect(byId, "over-context", "prompt_too_long");
    expect(byId, "one-megabyte", "prompt_too_long");
    expect(byId, "unknown-model", "unknown_model");
    for (String id : List.of("../x", "/etc/passwd", "%2e%2e%2fx")) {
      Row x = byId.get(id);
      assertEquals("ok", x.getAs("status"), id + ": " + x.getAs("error_message"));
      assertTrue(x.<String>getAs("output_id").matches("[0-9a-f]{64}"), id);
    }
    String uri = byId.get("%2e%2e%2fx").getAs("object_uri");
    assertNotNull(uri);
    assertTrue(uri.contains("/out-" + runs + "/media/image/") && !uri.contains("%2e"), uri);
  }

  @Test
  void nonUtf8PromptBytesAreAnErrorRow() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("task", DataTypes.StringType)
        .add("bytes", DataTypes.BinaryType);
    Path p = tmp.resolve("latin1.parquet");
    spark.createDataFrame(List.of(RowFactory.create("latin1", "text", new byte[] {'c', 'a', 'f', (byte) 0xE9}),
            RowFactory.create("fine", "text", "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8))), schema)
        .withColumn("prompt", col("bytes").cast("string")).drop("bytes")
        .coalesce(1).write().parquet(p.toString());
    RunResult r = run(options(p));
    Map<String, Row> byId = new TreeMap<>();
    spark.read().parquet(r.manifest()).collectAsList().forEach(x -> byId.put(x.getAs("prompt_id"), x));
    expect(byId, "latin1", "invalid_text");
    assertEquals("ok", byId.get("fine").getAs("status"));
  }

  private static void expect(Map<String, Row> byId, String id, String errorClass) {
    Row r = byId.get(id);
    assertEquals("error", r.getAs("status"), id);
    assertEquals(errorClass, r.getAs("error_class"), id + ": " + r.getAs("error_message"));
    assertTrue(r.<String>getAs("error_message").contains(id), id + ": " + r.getAs("error_message"));
  }
}
