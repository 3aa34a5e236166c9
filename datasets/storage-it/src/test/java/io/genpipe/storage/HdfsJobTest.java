package io.genpipe.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.jobs.cli.GenpipeCli;
import io.genpipe.model.ModelResolver;
import io.genpipe.testing.ConsoleCapture;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text and image rows end to end on hdfs:// (an in-process MiniDFSCluster, one datanode on
 * 127.0.0.1): prompts and the text model read from HDFS (the model copied into the executors' cache,
 * {@code shared-storage}), the manifest committed by Spark's default committer, media published by
 * create + rename, run report and Croissant card written there; a resumed run finds nothing to do.
 */
@Tag("hdfs") // its own surefire execution, the only one with the minicluster on its classpath
class HdfsJobTest {
  private static final List<String> TEXT_IDS =
      IntStream.range(0, 6).mapToObj(i -> String.format("t%02d", i)).toList();
  private static final List<String> IMAGE_IDS = List.of("img-0", "img-1");
  /** The demo image model, read in place (module directory is datasets/storage-it). */
  private static final Path DEMO_SD =
      Path.of("../demo/models/genpipe-tiny-sd").toAbsolutePath().normalize();
  @TempDir static Path tmp;
  private static Path cache;
  private static MiniDFSCluster dfs;
  private static String root;

  @BeforeAll
  static void start() throws IOException {
    // MiniDFSCluster binds the namenode and datanode (RPC and HTTP) to 127.0.0.1, ephemeral ports.
    Configuration conf = new Configuration();
    dfs = new MiniDFSCluster.Builder(conf, tmp.resolve("dfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    root = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    cache = tmp.resolve("model-cache");
  }

  @AfterAll
  static void stop() {
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  @Test
  void everyIdOnceMediaPublishedAndAResumedRunHasNothingToDo() throws Exception {
    // Its own seed: a digest no other test of this JVM has loaded, so the executors must fetch it.
    Path local = TinyDecoderModels.write(tmp.resolve("tiny-lm"), DecoderVariant.STANDARD, 4343);
    FileSystem fs = FileSystem.get(URI.create(root), new Configuration());
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()),
        new org.apache.hadoop.fs.Path("/models/tiny-lm"));
    String model = root + "/models/tiny-lm";
    writePrompts(root + "/in/prompts.jsonl");
    String out = root + "/out";

    ConsoleCapture first = cli(args(model, out, "hdfs-run"));
    assertEquals(0, first.exit(), first.out() + first.err());
    assertTrue(first.out().contains("8 rows (8 ok, 0 error)"), first.out());

    List<Row> manifest = manifest(out + "/manifest");
    Map<String, Long> perId = perId(manifest);
    List<String> all = Stream.concat(TEXT_IDS.stream(), IMAGE_IDS.stream()).toList();
    assertEquals(new TreeSet<>(all), perId.keySet());
    assertTrue(perId.values().stream().allMatch(n -> n == 1), "every id exactly once: " + perId);
    assertTrue(manifest.stream().allMatch(r -> "ok".equals(r.getAs("status"))), manifest.toString());
    TreeSet<String> referenced = new TreeSet<>();
    for (Row r : manifest) {
      if ("image".equals(r.getAs("task"))) {
        URI object = URI.create(r.getAs("object_uri"));
        assertEquals("hdfs", object.getScheme(), object.toString());
        referenced.add(object.getPath());
      }
    }

    List<String> files = files(fs, "/out");
    assertTrue(files.contains("/out/runs/hdfs-run.json"), files.toString());
    assertTrue(files.contains("/out/croissant.json"), files.toString());
    JsonNode metrics = new ObjectMapper().readTree(read(fs, "/out/runs/hdfs-run.json")).path("metrics");
    assertEquals("shared-storage", metrics.path("model_distribution").asText(), metrics.toString());
    String digest = ModelResolver.resolve(local).sha256();
    assertEquals(digest, Files.readString(cache.resolve(digest).resolve(".genpipe-complete")),
        "the executors copied the text model from HDFS into their cache and verified it");
    assertTrue(files.contains("/out/manifest/run_id=hdfs-run/_SUCCESS"), files.toString());
    List<String> pngs = files.stream().filter(f -> f.startsWith("/out/media/image/")).toList();
    assertEquals(referenced, new TreeSet<>(pngs), "one PNG per image row, the one it references");
    for (String png : pngs) {
      assertTrue(png.endsWith(".png"), png);
      byte[] head = new byte[4];
      try (var in = fs.open(new org.apache.hadoop.fs.Path(png))) {
        in.readFully(head);
      }
      assertEquals("\u0089PNG", new String(head, StandardCharsets.ISO_8859_1), png);
    }
    // No file under media/_staging (its empty folder may stay, as on the local filesystem) and no
    // committer staging folder at all.
    assertFalse(files.stream().anyMatch(f -> f.startsWith("/out/media/_staging/")), files.toString());
    List<String> dirs = dirs(fs, new org.apache.hadoop.fs.Path("/out"));
    assertFalse(dirs.stream().anyMatch(d -> d.contains("_temporary") || d.contains("__magic")),
        "committer staging left: " + dirs);

    List<String> resumeArgs = new ArrayList<>(List.of(args(model, out, "hdfs-resume")));
    resumeArgs.add("--resume");
    ConsoleCapture again = cli(resumeArgs.toArray(String[]::new));
    assertEquals(0, again.exit(), again.out() + again.err());
    assertTrue(again.out().contains("nothing to do: every prompt already has an ok output in " + out),
        again.out());
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/out/runs/hdfs-resume.json")));
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/out/manifest/run_id=hdfs-resume")),
        "no generation, no partition");
    assertEquals(perId, perId(manifest(out + "/manifest")));
  }

  private static String[] args(String model, String out, String runId) {
    return new String[] {"run", "--prompts", root + "/in/prompts.jsonl", "--out", out,
        "--text-model", model, "--set", "model-distribution=shared-storage",
        "--set", "model-cache-dir=" + cache, "--image-model", DEMO_SD.toString(),
        "--master", "local[2]", "--partitions", "2", "--batch-size", "4", "--run-id", runId,
        "--params", "{\"max_new_tokens\":4}",
        "--image-params", "{\"width\":64,\"height\":64,\"num_inference_steps\":2}",
        "--conf", "spark.ui.enabled=false"};
  }

  private static void writePrompts(String uri) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    FileSystem fs = path.getFileSystem(new Configuration());
    try (OutputStream out = fs.create(path, true)) {
      for (String id : TEXT_IDS) {
        out.write(("{\"id\":\"" + id + "\",\"task\":\"text\",\"prompt\":\"the cat " + id + "\"}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      for (String id : IMAGE_IDS) {
        out.write(("{\"id\":\"" + id + "\",\"task\":\"image\",\"prompt\":\"a red apple\",\"seed\":"
            + id.hashCode() + "}\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** Every file (not directory) under dir, recursively, as absolute HDFS paths. */
  private static List<String> files(FileSystem fs, String dir) throws IOException {
    List<String> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
    while (it.hasNext()) {
      files.add(it.next().getPath().toUri().getPath());
    }
    return files;
  }

  private static String read(FileSystem fs, String path) throws IOException {
    try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every directory under dir, recursively, as absolute HDFS paths. */
  private static List<String> dirs(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
    List<String> dirs = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isDirectory()) {
        dirs.add(s.getPath().toUri().getPath());
        dirs.addAll(dirs(fs, s.getPath()));
      }
    }
    return dirs;
  }

  private static List<Row> manifest(String manifest) {
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .getOrCreate();
    try {
      return spark.read().parquet(manifest).select("prompt_id", "task", "status", "object_uri")
          .collectAsList();
    } finally {
      spark.stop();
    }
  }

  private static Map<String, Long> perId(List<Row> manifest) {
    Map<String, Long> counts = new HashMap<>();
    manifest.forEach(r -> counts.merge(r.getAs("prompt_id"), 1L, Long::sum));
    return counts;
  }

  private static ConsoleCapture cli(String... args) {
    return ConsoleCapture.run(GenpipeCli::execute, args);
  }
}
