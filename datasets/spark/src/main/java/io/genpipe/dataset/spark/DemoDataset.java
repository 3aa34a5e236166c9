package io.genpipe.dataset.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.dataset.PromptColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The committed demo dataset {@code datasets/demo/prompts.parquet} (one Parquet file) and its
 * human-readable twin {@code prompts.jsonl}. Regenerate both with {@link #main}; never edit them
 * by hand.
 */
public final class DemoDataset {
  private static final String SAMPLING =
      "{\"max_new_tokens\":24,\"do_sample\":true,\"temperature\":0.8,\"top_p\":0.9}";

  /** The rows, in file order. */
  public static final List<DemoPrompt> PROMPTS = List.of(
      new DemoPrompt("demo-001", "Once upon a time", null, null, "fairy-tale"),
      new DemoPrompt("demo-002", "The little dog", null, null, "animals"),
      new DemoPrompt("demo-003", "In a small town", null, null, "places"),
      new DemoPrompt("demo-004", "Once upon a time, there was a tiny dragon who", SAMPLING, 42L,
          "fairy-tale"),
      new DemoPrompt("demo-005", "The little dog ran to the park and", SAMPLING, 7L, "animals"),
      new DemoPrompt("demo-006", "In a small town by the sea, the baker", "{\"max_new_tokens\":16}",
          null, "places"),
      new DemoPrompt("demo-007", "One day, a girl named Lily found a shiny", null, 1234L,
          "adventure"),
      new DemoPrompt("demo-008", "The sun was shining and the birds were singing when",
          "{\"max_new_tokens\":32,\"do_sample\":true,\"temperature\":1.0,\"top_p\":0.95}", 99L,
          "nature"),
      new DemoPrompt("demo-009", "Tom and his best friend Sam wanted to build a", null, null,
          "friendship"),
      new DemoPrompt("demo-010", "Late one night, the old cat heard a noise and",
          "{\"max_new_tokens\":24}", 2024L, "mystery"),
      new DemoPrompt("demo-img-001", "image", "a red apple on a wooden table", null, 1L, "still-life"),
      new DemoPrompt("demo-img-002", "image", "a lighthouse on a cliff at dusk",
          "{\"num_inference_steps\":12,\"guidance_scale\":5.0}", 2L, "places"),
      new DemoPrompt("demo-img-003", "image", "a small dragon sleeping in a cave",
          "{\"scheduler\":\"euler_a\"}", 3L, "fairy-tale"),
      new DemoPrompt("demo-img-004", "image", "a field of sunflowers under a blue sky",
          "{\"negative_prompt\":\"blurry\"}", null, "nature"));

  /** Column order of the Parquet file; no {@code model} column (it is optional). */
  public static final StructType SCHEMA = new StructType()
      .add(PromptColumns.ID, DataTypes.StringType)
      .add(PromptColumns.TASK, DataTypes.StringType)
      .add(PromptColumns.PROMPT, DataTypes.StringType)
      .add(PromptColumns.PARAMS, DataTypes.StringType)
      .add(PromptColumns.SEED, DataTypes.LongType)
      .add(SyntheticPrompts.TOPIC, DataTypes.StringType);

  private DemoDataset() {}

  /**
   * Writes the demo Parquet file to {@code args[0]} (a local path, e.g.
   * {@code datasets/demo/prompts.parquet}) and the JSON Lines twin next to it ({@code .jsonl}).
   */
  public static void main(String[] args) {
    if (args.length != 1 || !args[0].endsWith(".parquet")) {
      throw new IllegalArgumentException(
          "usage: DemoDataset <output.parquet> (the .jsonl twin is written next to it)");
    }
    Path parquet = Path.of(args[0]).toAbsolutePath();
    SparkSession.Builder builder = SparkSession.builder()
        .appName("genpipe-demo-dataset").config("spark.ui.enabled", "false");
    if (!new SparkConf().contains("spark.master")) {
      builder.master("local[1]");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      writeParquetFile(spark, parquet);
      writeJsonLines(jsonLinesTwin(parquet));
    } finally {
      spark.stop();
    }
  }

  public static Dataset<Row> toDataset(SparkSession spark) {
    List<Row> rows = PROMPTS.stream()
        .map(p -> RowFactory.create(p.id(), p.task(), p.prompt(), p.params(),
            p.seed(), p.topic()))
        .toList();
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** Writes one Parquet file (not a folder) at {@code out}, replacing it. */
  public static void writeParquetFile(SparkSession spark, Path out) {
    try {
      Path staging = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".demo-staging-");
      try {
        Path data = staging.resolve("data");
        toDataset(spark).coalesce(1).write().parquet(data.toUri().toString());
        Files.move(singlePartFile(data), out, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        deleteTree(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write demo dataset " + out, e);
    }
  }

  /** Writes the rows as JSON Lines, {@code params} as a nested object, null fields left out. */
  public static void writeJsonLines(Path out) {
    ObjectMapper mapper = new ObjectMapper();
    StringBuilder text = new StringBuilder();
    try {
      for (DemoPrompt p : PROMPTS) {
        text.append(mapper.writeValueAsString(toJson(mapper, p))).append('\n');
      }
      Files.writeString(out, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write demo dataset " + out, e);
    }
  }

  static Path jsonLinesTwin(Path parquet) {
    String name = parquet.getFileName().toString();
    return parquet.resolveSibling(name.substring(0, name.length() - ".parquet".length()) + ".jsonl");
  }

  private static ObjectNode toJson(ObjectMapper mapper, DemoPrompt p) throws IOException {
    ObjectNode node = mapper.createObjectNode()
        .put(PromptColumns.ID, p.id())
        .put(PromptColumns.TASK, p.task())
        .put(PromptColumns.PROMPT, p.prompt());
    if (p.params() != null) {
      node.set(PromptColumns.PARAMS, mapper.readTree(p.params()));
    }
    if (p.seed() != null) {
      node.put(PromptColumns.SEED, p.seed());
    }
    return node.put(SyntheticPrompts.TOPIC, p.topic());
  }

  private static Path singlePartFile(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> parts = files
          .filter(f -> f.getFileName().toString().startsWith("part-"))
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .toList();
      if (parts.size() != 1) {
        throw new IllegalStateException("expected one part file in " + folder + ", found " + parts);
      }
      return parts.get(0);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
