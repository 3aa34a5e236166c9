package io.genpipe.dataset.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed demo dataset is readable, its two files agree, and both are up to date. */
class DemoDatasetTest {
  private static final Path DEMO =
      Path.of(System.getProperty("genpipe.repo.dir", "../..")).resolve("datasets/demo");
  private static final Path PARQUET = DEMO.resolve("prompts.parquet");
  private static final Path JSONL = DEMO.resolve("prompts.jsonl");

  private static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("DemoDatasetTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<Row> normalised(Path path) {
    Dataset<Row> data = PromptSchema.normalize(PromptReader.read(spark, path.toString()));
    assertArrayEquals(new String[] {"id", "task", "prompt", "params", "seed", "model", "topic"},
        data.columns());
    return data.orderBy("id").collectAsList();
  }

  private static List<Row> expected() {
    return DemoDataset.PROMPTS.stream()
        .map(p -> RowFactory.create(p.id(), p.task(), p.prompt(),
            p.params(), p.seed(), null, p.topic()))
        .toList();
  }

  @Test
  void committedParquetIsOneFileHoldingTheDemoRows() {
    assertTrue(Files.isRegularFile(PARQUET), PARQUET + " must be a single Parquet file");
    List<Row> rows = normalised(PARQUET);
    assertEquals(expected(), rows);
    assertTrue(rows.size() >= 10);
    assertDoesNotThrow(() -> PromptSchema.checkUniqueIds(
        PromptReader.read(spark, PARQUET.toString()), 5));
  }

  @Test
  void committedJsonLinesTwinReadsIdentically() {
    assertEquals(normalised(PARQUET), normalised(JSONL));
  }

  @Test
  void committedJsonLinesIsWhatTheGeneratorWrites() throws Exception {
    Path fresh = tmp.resolve("prompts.jsonl");
    DemoDataset.writeJsonLines(fresh);
    assertEquals(Files.readString(fresh), Files.readString(JSONL),
        "regenerate datasets/demo (see datasets/README.md)");
  }

  @Test
  void generatorWritesOneParquetFile() throws Exception {
    Path out = tmp.resolve("prompts.parquet");
    DemoDataset.writeParquetFile(spark, out);
    assertTrue(Files.isRegularFile(out));
    try (var left = Files.list(tmp)) {
      assertEquals(List.of(out), left.toList(), "staging files must be cleaned up");
    }
    assertEquals(expected(), normalised(out));
  }
}
