package io.genpipe.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.dataset.spark.MediaMetadata;
import io.genpipe.dataset.spark.MediaStore;
import io.genpipe.jobs.cli.GenpipeCli;
import io.genpipe.testing.ConsoleCapture;
import io.genpipe.testing.sd.SdVariant;
import io.genpipe.testing.sd.TinyStableDiffusion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Image rows end to end on s3a:// (in-process S3Proxy): every published object carries the seven
 * user metadata keys, equal to its manifest row and its bytes; objects left by a run that never
 * committed its manifest are re-pointed at the run that does.
 */
class ImageJobS3aTest {
  private static final String BUCKET = "genpipe-img";
  private static final int IMAGES = 3;
  @TempDir static Path tmp;
  private static S3ProxyServer s3;
  private static Path model;
  private static Path prompts;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(BUCKET);
    model = TinyStableDiffusion.write(tmp.resolve("tiny-sd"), SdVariant.DIFFUSERS_SCRIPT);
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < IMAGES; i++) {
      jsonl.append("{\"id\":\"img-").append(i).append("\",\"task\":\"image\",\"prompt\":\"a red apple ")
          .append(i).append("\",\"seed\":").append(i).append("}\n");
    }
    jsonl.append("{\"id\":\"bad\",\"task\":\"image\",\"prompt\":\"x\",\"params\":{\"width\":65}}\n");
    prompts = Files.writeString(tmp.resolve("images.jsonl"), jsonl.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void everyObjectCarriesTheSevenMetadataKeysOfItsManifestRow() throws Exception {
    ConsoleCapture o = cli(args("out", "img-run", true));
    assertEquals(3, o.exit(), "exit 3: one error row\n" + o.out() + o.err());
    assertFalse(o.err().contains("magic committer"), "committer settings given, no warning: " + o.err());
    List<Row> ok = okImageRows("out/manifest");
    assertEquals(IMAGES, ok.size());
    for (Row r : ok) {
      assertObjectMatches(r, "out", "img-run");
    }
    assertEquals(IMAGES, objects("out/media/image/").size(), "one object per ok image row");
    assertEquals(List.of(), objects("out/media/_staging/"), "no staging object left");
  }

  @Test
  void objectsLeftByARunThatCommittedNothingPointAtTheRunThatCommitsThem() throws Exception {
    assertEquals(3, cli(args("first", "first-run", true)).exit());
    // What a killed run leaves: the objects (with its metadata), no manifest.
    MediaStore store = new MediaStore(s3.configuration());
    for (Row r : okImageRows("first/manifest")) {
      String key = key(r.getAs("object_uri"));
      Map<String, String> meta = new TreeMap<>(s3.userMetadata(key));
      meta.remove(MediaMetadata.OUTPUT_ID);
      meta.remove(MediaMetadata.SHA256);
      store.publishObject(s3.uri("killed"), "image", r.getAs("output_id"), "png", s3.read(key), meta);
      assertEquals("first-run", s3.userMetadata(key.replace("first/", "killed/")).get(MediaMetadata.RUN_ID));
    }

    // Without the committer settings this time: the run warns, naming them, and still completes.
    ConsoleCapture o = cli(args("killed", "resumed-run", false));
    assertEquals(3, o.exit(), o.out() + o.err());
    assertTrue(o.err().contains("warning: --out " + s3.uri("killed"))
        && o.err().contains("spark.hadoop.fs.s3a.committer.name=magic")
        && o.err().contains("spark.sql.sources.commitProtocolClass=")
        && o.err().contains("spark.sql.parquet.output.committer.class="), o.err());
    List<Row> ok = okImageRows("killed/manifest");
    assertEquals(IMAGES, ok.size());
    for (Row r : ok) {
      assertObjectMatches(r, "killed", "resumed-run");
    }
    assertEquals(IMAGES, objects("killed/media/image/").size());
    assertEquals(List.of(), objects("killed/media/_staging/"));
  }

  private static void assertObjectMatches(Row r, String out, String runId) throws Exception {
    String key = key(r.getAs("object_uri"));
    byte[] bytes = s3.read(key);
    Map<String, String> meta = s3.userMetadata(key);
    assertEquals(7, meta.size(), key + ": " + meta);
    assertEquals(r.<String>getAs("output_id"), meta.get("output-id"), key);
    assertEquals(sha256(bytes), meta.get("sha256"), key);
    assertEquals(r.<String>getAs("sha256"), meta.get("sha256"), key);
    // The manifest holds the IPTC URI, the object its code (the URI's last segment).
    assertEquals(r.<String>getAs("digital_source_type"),
        "http://cv.iptc.org/newscodes/digitalsourcetype/" + meta.get("digital-source-type"), key);
    assertEquals(r.<String>getAs("model_id"), meta.get("model-id"), key);
    assertEquals(r.<String>getAs("model_license"), meta.get("model-license"), key);
    assertEquals(runId, r.<String>getAs("run_id"));
    assertEquals(runId, meta.get("run-id"), key + ": the run whose manifest row references it");
    assertEquals(s3.uri(out) + "/manifest/run_id=" + runId, meta.get("manifest-uri"), key);
    assertTrue(key.equals(out + "/media/image/" + r.getAs("output_id") + ".png"), key);
  }

  /** Object keys under the prefix, without S3A's directory markers (empty keys ending in '/'). */
  private static List<String> objects(String prefix) {
    return s3.objects(prefix).stream().map(S3Object::key).filter(k -> !k.endsWith("/")).toList();
  }

  private static String key(String objectUri) {
    String prefix = "s3a://" + BUCKET + "/";
    assertTrue(objectUri.startsWith(prefix), objectUri);
    return objectUri.substring(prefix.length());
  }

  private static String[] args(String out, String runId, boolean magicCommitter) {
    List<String> a = new ArrayList<>(List.of("run", "--prompts", prompts.toString(),
        "--out", s3.uri(out), "--image-model", model.toString(), "--master", "local[2]",
        "--partitions", "2", "--batch-size", "2", "--run-id", runId, "--resume",
        "--image-params", "{\"width\":64,\"height\":64,\"num_inference_steps\":2}",
        "--conf", "spark.ui.enabled=false"));
    sparkConf(magicCommitter).forEach((k, v) -> a.addAll(List.of("--conf", k + "=" + v)));
    return a.toArray(String[]::new);
  }

  private static Map<String, String> sparkConf(boolean magicCommitter) {
    Map<String, String> c = new LinkedHashMap<>(magicCommitter ? TextJobS3aTest.MAGIC_COMMITTER : Map.of());
    s3.s3a().forEach((k, v) -> c.put("spark.hadoop." + k, v));
    return c;
  }

  private static List<Row> okImageRows(String manifest) {
    SparkSession.Builder b = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false");
    sparkConf(true).forEach(b::config);
    SparkSession spark = b.getOrCreate();
    try {
      return spark.read().parquet(s3.uri(manifest)).where("task = 'image' AND status = 'ok'")
          .collectAsList();
    } finally {
      spark.stop();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static ConsoleCapture cli(String... args) {
    return ConsoleCapture.run(GenpipeCli::execute, args);
  }
}
