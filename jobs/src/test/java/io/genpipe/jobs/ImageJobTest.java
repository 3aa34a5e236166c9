package io.genpipe.jobs;

import static io.genpipe.jobs.JobTestSupport.jsonl;
import static io.genpipe.jobs.JobTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import io.genpipe.testing.sd.SdVariant;
import io.genpipe.testing.sd.TinyStableDiffusion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Image rows through the Spark job: mixed text + image prompts give manifest rows and marked PNGs
 * under OUT/media/image/, byte-identical whatever the partitioning; supplied latents make the
 * seed irrelevant; bad parameters are error rows naming the parameter.
 */
class ImageJobTest {
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path textModel;
  private static Path imageModel;
  private static int runs;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("images")
        .config("spark.ui.enabled", "false").getOrCreate();
    textModel = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD);
    imageModel = TinyStableDiffusion.write(tmp.resolve("tiny-sd"), SdVariant.DIFFUSERS_SCRIPT);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Map<String, String> options(Path prompts, int partitions, int batch) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(JobOptions.PROMPTS, prompts.toString());
    o.put(JobOptions.OUT, tmp.resolve("out-" + (++runs)).toString());
    o.put(JobOptions.TEXT_MODEL, textModel.toString());
    o.put(JobOptions.IMAGE_MODEL, imageModel.toString());
    o.put(JobOptions.IMAGE_PARAMS, "{\"width\":64,\"height\":64,\"num_inference_steps\":3}");
    o.put(JobOptions.PARTITIONS, Integer.toString(partitions));
    o.put(JobOptions.BATCH_SIZE, Integer.toString(batch));
    o.put(JobOptions.PROGRESS_INTERVAL, "60");
    return o;
  }

  private static Map<String, Row> run(Map<String, String> options) {
    JobConf conf = new JobOptions().layer(options, "test").toJobConf();
    RunResult r = new GenerationJob(spark, new PrintStream(new ByteArrayOutputStream())).run(conf);
    Map<String, Row> byId = new TreeMap<>();
    spark.read().parquet(r.manifest()).collectAsList().forEach(row -> byId.put(row.getAs("prompt_id"), row));
    return byId;
  }

  private static Path mixed() {
    return jsonl(tmp.resolve("mixed.jsonl"), List.of(
        row("id", "t-1", "task", "text", "prompt", "hello world", "params", "{\"max_new_tokens\":4}"),
        row("id", "i-1", "task", "image", "prompt", "a red apple", "seed", 1L),
        row("id", "i-2", "task", "image", "prompt", "a red apple", "seed", 2L),
        row("id", "i-3", "task", "image", "prompt", "a lighthouse", "seed", 3L,
            "params", "{\"scheduler\":\"euler_a\",\"negative_prompt\":\"blurry\"}"),
        row("id", "i-4", "task", "image", "prompt", "a cat", "params", "{\"scheduler\":\"ddim\",\"guidance_scale\":1.0}"),
        row("id", "t-2", "task", "text", "prompt", "the cat", "params", "{\"max_new_tokens\":3}")));
  }

  @Test
  void mixedTextAndImageRowsGiveMarkedPngsIdenticalAcrossPartitioning() throws Exception {
    Map<String, Row> one = run(options(mixed(), 1, 1));
    Map<String, Row> four = run(options(mixed(), 4, 4));
    assertEquals(6, one.size());
    for (String id : List.of("i-1", "i-2", "i-3", "i-4")) {
      Row r = one.get(id);
      assertEquals("ok", r.getAs("status"), id + ": " + r.getAs("error_message"));
      assertEquals("image/png", r.getAs("media_type"));
      assertEquals(64, (int) r.<Integer>getAs("width"));
      byte[] png = Files.readAllBytes(Path.of(URI.create(r.getAs("object_uri"))));
      assertEquals(r.<String>getAs("sha256"), sha256(png), id);
      assertEquals((long) png.length, (long) r.<Long>getAs("byte_size"));
      assertTrue(r.<String>getAs("object_uri").endsWith("/media/image/" + r.getAs("output_id") + ".png"));
      byte[] other = Files.readAllBytes(Path.of(URI.create(four.get(id).getAs("object_uri"))));
      assertEquals(sha256(png), sha256(other), id + ": same PNG bytes with 1 or 4 partitions");
      assertMarked(png, r);
    }
    assertNotEquals(one.get("i-1").<String>getAs("sha256"), one.get("i-2").<String>getAs("sha256"),
        "another seed, another image");
    assertEquals(1, timings(one.get("i-1")).path("batch_size").asInt(), "batch-size 1");
    var t = timings(four.get("i-2"));
    assertEquals(t.path("total_ms").asLong(), (long) four.get("i-2").<Long>getAs("latency_ms"));
    assertTrue(t.path("encode_ms").asLong() + t.path("denoise_ms").asLong()
        + t.path("decode_ms").asLong() <= t.path("total_ms").asLong(), t.toString());
    assertTrue(one.get("t-1").isNullAt(one.get("t-1").fieldIndex("timings")), "text rows have no image timings");
    assertEquals("ok", one.get("t-1").getAs("status"));
    assertEquals(one.get("t-1").<String>getAs("text"), four.get("t-1").<String>getAs("text"));
  }

  /**
   * A second image model given as --model NAME=DIR, picked by image rows' model column; a named
   * text model beside it is still a text model.
   */
  @Test
  void rowModelColumnSelectsANamedImageModel() throws Exception {
    Path other = TinyStableDiffusion.write(tmp.resolve("other-sd"), SdVariant.OPTIMUM);
    Path prompts = jsonl(tmp.resolve("override.jsonl"), List.of(
        row("id", "default", "task", "image", "prompt", "a red apple", "seed", 1L),
        row("id", "picked", "task", "image", "prompt", "a red apple", "seed", 1L, "model", "other"),
        row("id", "text", "task", "text", "prompt", "hello world", "params", "{\"max_new_tokens\":2}",
            "model", "lm2"),
        row("id", "nope", "task", "image", "prompt", "a red apple", "model", "missing")));
    Map<String, String> o = options(prompts, 2, 4);
    o.put(JobOptions.MODELS_PREFIX + "other", other.toString());
    o.put(JobOptions.MODELS_PREFIX + "lm2", textModel.toString());
    Map<String, Row> out = run(o);
    Row def = out.get("default");
    Row picked = out.get("picked");
    assertEquals("ok", picked.getAs("status"), String.valueOf((Object) picked.getAs("error_message")));
    assertEquals("ok", def.getAs("status"));
    assertEquals("ok", out.get("text").getAs("status"));
    assertEquals(io.genpipe.model.ModelResolver.resolve(other, null).sha256(),
        picked.<String>getAs("model_sha256"));
    assertNotEquals(def.<String>getAs("model_sha256"), picked.<String>getAs("model_sha256"));
    assertNotEquals(java.util.Arrays.toString(pixels(def)), java.util.Arrays.toString(pixels(picked)),
        "another model, another image");
    assertEquals("unknown_model", out.get("nope").getAs("error_class"));
    assertTrue(out.get("nope").<String>getAs("error_message").contains("other"),
        out.get("nope").<String>getAs("error_message"));
  }

  private static com.fasterxml.jackson.databind.JsonNode timings(Row r) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.<String>getAs("timings"));
  }

  /**
   * i-1 and i-2 share size, steps, scheduler and guidance: one batch of 2 under the default
   * budget; a budget under one row's estimate runs each alone (the floor of 1), same pixels.
   */
  @Test
  void imageBatchMemoryBoundsTheRowsPerBatch() throws Exception {
    Map<String, Row> defaults = run(options(mixed(), 1, 4));
    Map<String, String> o = options(mixed(), 1, 4);
    o.put(JobOptions.IMAGE_BATCH_MEMORY, "1m");
    Map<String, Row> tight = run(o);
    for (String id : List.of("i-1", "i-2")) {
      assertEquals("ok", tight.get(id).getAs("status"));
      assertEquals(2, timings(defaults.get(id)).path("batch_size").asInt(), id);
      assertEquals(1, timings(tight.get(id)).path("batch_size").asInt(), id);
      assertEquals(defaults.get(id).<String>getAs("sha256"), tight.get(id).<String>getAs("sha256"));
    }
  }

  @Test
  void imageBatchOptionsReachTheGenerationConf() {
    Map<String, String> o = options(mixed(), 1, 1);
    assertEquals(io.genpipe.runtime.image.ImageBatchLimits.DEFAULT,
        new JobOptions().layer(o, "test").toJobConf().generation().imageBatch());
    o.put(JobOptions.IMAGE_BATCH_MEMORY, "2g");
    o.put(JobOptions.IMAGE_MAX_BATCH, "16");
    assertEquals(new io.genpipe.runtime.image.ImageBatchLimits(2L << 30, 16),
        new JobOptions().layer(o, "test").toJobConf().generation().imageBatch());
  }

  private static void assertMarked(byte[] png, Row r) throws Exception {
    Node root = metadata(png).getAsTree("javax_imageio_png_1.0");
    Map<String, String> text = entries(root, "tEXtEntry", "keyword", "value");
    assertEquals("AI-generated", text.get("Comment"));
    assertTrue(text.get("Software").startsWith("genpipe "), text.toString());
    String xmp = entries(root, "iTXtEntry", "keyword", "text").get("XML:com.adobe.xmp");
    assertTrue(xmp.contains("trainedAlgorithmicMedia"), xmp);
    assertTrue(xmp.contains(r.<String>getAs("output_id")), xmp);
    assertTrue(xmp.contains("Apache-2.0"), xmp);
    assertFalse(new String(png, StandardCharsets.ISO_8859_1).contains(r.<String>getAs("prompt")),
        "no raw prompt inside the file");
  }

  @Test
  void suppliedLatentsMakeTheImageIndependentOfTheSeed() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("latents"));
    ByteBuffer buf = ByteBuffer.allocate(4 * 8 * 8 * 4).order(ByteOrder.LITTLE_ENDIAN);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    while (buf.hasRemaining()) {
      buf.putFloat((float) (rng.nextDouble() * 2 - 1));
    }
    Files.write(root.resolve("noise.f32"), buf.array());
    Files.createDirectories(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/inside.f32"), root.resolve("noise.f32"));
    Path outside = Files.write(tmp.resolve("outside.f32"), buf.array());
    Files.createSymbolicLink(root.resolve("escape.f32"), outside);
    Files.createSymbolicLink(root.resolve("escape-dir"), tmp);
    String params = "{\"latents\":\"noise.f32\",\"scheduler\":\"euler\"}";
    Path prompts = jsonl(tmp.resolve("latents.jsonl"), List.of(
        row("id", "l-1", "task", "image", "prompt", "a red apple", "seed", 1L, "params", params),
        row("id", "l-2", "task", "image", "prompt", "a red apple", "seed", 999L, "params", params),
        row("id", "escape", "task", "image", "prompt", "a red apple", "params", "{\"latents\":\"../tiny-sd/unet/model.onnx\"}"),
        row("id", "link-in", "task", "image", "prompt", "a red apple", "seed", 7L, "params",
            "{\"latents\":\"sub/inside.f32\",\"scheduler\":\"euler\"}"),
        row("id", "link-out", "task", "image", "prompt", "a red apple", "params", "{\"latents\":\"escape.f32\"}"),
        row("id", "link-dir", "task", "image", "prompt", "a red apple", "params",
            "{\"latents\":\"escape-dir/outside.f32\"}")));
    Map<String, String> o = options(prompts, 1, 2);
    o.put(JobOptions.LATENTS_ROOT, root.toString());
    Map<String, Row> out = run(o);
    assertEquals("ok", out.get("l-1").getAs("status"), String.valueOf((Object) out.get("l-1").getAs("error_message")));
    // The files differ in their marking (output ids include the seed); the pixels must not.
    assertEquals(java.util.Arrays.toString(pixels(out.get("l-1"))), java.util.Arrays.toString(pixels(out.get("l-2"))));
    assertEquals("invalid_params", out.get("escape").getAs("error_class"));
    assertTrue(out.get("escape").<String>getAs("error_message").contains("leaves the latents root"));
    assertEquals("ok", out.get("link-in").getAs("status"), "a link that stays inside the root");
    assertEquals(java.util.Arrays.toString(pixels(out.get("l-1"))), java.util.Arrays.toString(pixels(out.get("link-in"))));
    for (String id : List.of("link-out", "link-dir")) {
      assertEquals("invalid_params", out.get(id).getAs("error_class"), id);
      assertTrue(out.get(id).<String>getAs("error_message").contains("through a symbolic link"),
          out.get(id).<String>getAs("error_message"));
    }
  }

  @Test
  void badImageParamsAreErrorRowsNamingTheParameter() {
    Path prompts = jsonl(tmp.resolve("bad.jsonl"), List.of(
        row("id", "w65", "task", "image", "prompt", "x", "params", "{\"width\":65}"),
        row("id", "steps0", "task", "image", "prompt", "x", "params", "{\"num_inference_steps\":0}"),
        row("id", "sched", "task", "image", "prompt", "x", "params", "{\"scheduler\":\"heun\"}"),
        row("id", "nan", "task", "image", "prompt", "x", "params", "{\"guidance_scale\":\"NaN\"}"),
        row("id", "latents-not-allowed", "task", "image", "prompt", "x", "params", "{\"latents\":\"a.npy\"}"),
        row("id", "unknown", "task", "image", "prompt", "x", "params", "{\"max_new_tokens\":3}"),
        row("id", "good", "task", "image", "prompt", "x")));
    Map<String, Row> out = run(options(prompts, 2, 3));
    assertEquals(7, out.size());
    expect(out, "w65", "width");
    expect(out, "steps0", "num_inference_steps");
    expect(out, "sched", "scheduler");
    expect(out, "nan", "guidance_scale");
    expect(out, "latents-not-allowed", "latents-root");
    expect(out, "unknown", "max_new_tokens");
    assertEquals("ok", out.get("good").getAs("status"));
  }

  private static void expect(Map<String, Row> out, String id, String named) {
    Row r = out.get(id);
    assertEquals("invalid_params", r.getAs("error_class"), id + ": " + r.getAs("error_message"));
    assertTrue(r.<String>getAs("error_message").contains(named), id + ": " + r.getAs("error_message"));
  }

  /**
   * A fixed-shape UNet (8x8 latents) refuses 128-pixel rows inside ONNX Runtime: those rows are
   * generation errors naming the model, the rows and the engine's error; the rest of the job goes
   * on.
   */
  @Test
  void aBatchTheEngineRefusesIsErrorRowsAndTheJobGoesOn() {
    Path fixed = TinyStableDiffusion.write(tmp.resolve("fixed-sd"), SdVariant.DIFFUSERS_SCRIPT);
    TinyStableDiffusion.fixUnetLatentSize(fixed, 8);
    Path prompts = jsonl(tmp.resolve("fixed.jsonl"), List.of(
        row("id", "ok-1", "task", "image", "prompt", "a red apple", "seed", 1L),
        row("id", "big-1", "task", "image", "prompt", "a red apple", "params", "{\"width\":128}"),
        row("id", "big-2", "task", "image", "prompt", "a cat", "params", "{\"width\":128}"),
        row("id", "t-1", "task", "text", "prompt", "hello world", "params", "{\"max_new_tokens\":2}"),
        row("id", "ok-2", "task", "image", "prompt", "a cat", "seed", 2L)));
    Map<String, String> o = options(prompts, 1, 5);
    o.put(JobOptions.IMAGE_MODEL, fixed.toString());
    Map<String, Row> out = run(o);
    assertEquals(5, out.size());
    for (String id : List.of("ok-1", "ok-2", "t-1")) {
      assertEquals("ok", out.get(id).getAs("status"), id + ": " + out.get(id).getAs("error_message"));
    }
    for (String id : List.of("big-1", "big-2")) {
      Row r = out.get(id);
      assertEquals("generation_error", r.getAs("error_class"));
      String m = r.getAs("error_message");
      assertTrue(m.startsWith("row " + id + ": model ") && m.contains("fixed-sd")
          && m.contains("[big-1, big-2]") && m.contains("unet"), m);
    }
  }

  @Test
  void imageModelWithoutUnetIsRefusedBeforeGeneration() throws Exception {
    Path broken = TinyStableDiffusion.write(tmp.resolve("broken-sd"), SdVariant.OPTIMUM);
    Files.delete(broken.resolve("unet/model.onnx"));
    Map<String, String> o = options(mixed(), 1, 1);
    o.put(JobOptions.IMAGE_MODEL, broken.toString());
    JobConfigException e = assertThrows(JobConfigException.class, () -> run(o));
    assertTrue(e.getMessage().contains("unet"), e.getMessage());
  }

  private static int[] pixels(Row r) throws Exception {
    var img = ImageIO.read(Path.of(URI.create(r.getAs("object_uri"))).toFile());
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static IIOMetadata metadata(byte[] png) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      IIOMetadata m = reader.getImageMetadata(0);
      reader.dispose();
      return m;
    }
  }

  private static Map<String, String> entries(Node root, String element, String key, String value) {
    Map<String, String> out = new TreeMap<>();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
        if (e.getNodeName().equals(element)) {
          NamedNodeMap a = e.getAttributes();
          out.put(a.getNamedItem(key).getNodeValue(), a.getNamedItem(value).getNodeValue());
        }
      }
    }
    return out;
  }
}
