package io.genpipe.dataset.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPromptsTest {
  private static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("SyntheticPromptsTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<Row> rows(long n, long seed, int partitions) {
    return SyntheticPrompts.generate(spark, n, seed, 16, partitions).orderBy("id").collectAsList();
  }

  @Test
  void sameSeedGivesSameRowsWhateverThePartitioning() {
    List<Row> first = rows(500, 7, 3);
    assertEquals(first, rows(500, 7, 3));
    assertEquals(first, rows(500, 7, 5));
    assertNotEquals(first, rows(500, 8, 3));
  }

  @Test
  void rowsHaveTheDocumentedShape() {
    Dataset<Row> data = SyntheticPrompts.generate(spark, 100, 1, 16, 2);
    assertArrayEquals(new String[] {"id", "task", "prompt", "params", "seed", "topic"},
        data.columns());
    Row row = data.filter(col("id").equalTo("syn-000000042")).first();
    assertEquals("text", row.getString(1));
    assertTrue(row.getString(2).matches("[A-Z][a-z ]+, a [a-z]+ [a-z]+ lived [a-z ]+\\."
        + " One day, the [a-z]+"), row.getString(2));
    assertEquals("{\"max_new_tokens\":16}", row.getString(3));
    assertTrue(row.getLong(4) >= 0);
    assertEquals(0, data.filter(col("seed").lt(0)).count());
    Dataset<Row> normalised = PromptSchema.normalize(data);
    assertArrayEquals(new String[] {"id", "task", "prompt", "params", "seed", "model", "topic"},
        normalised.columns());
  }

  @Test
  void idsAreUniqueAndPromptsVaried() {
    Dataset<Row> data = SyntheticPrompts.generate(spark, 20_000, 3, 16, 4);
    assertDoesNotThrow(() -> PromptSchema.checkUniqueIds(data, 5));
    assertTrue(data.select("prompt").distinct().count() > 1_000);
    assertEquals(6, data.select("topic").distinct().count());
  }

  @Test
  void writesParquetThatReadsBack() {
    String out = tmp.resolve("synthetic").toString();
    SyntheticPrompts.write(spark, 1_000, 11, 32, out, 3);
    Dataset<Row> back = PromptReader.read(spark, out);
    assertEquals(1_000, back.count());
    assertEquals(SyntheticPrompts.generate(spark, 1_000, 11, 32, 1).orderBy("id").collectAsList(),
        back.orderBy("id").collectAsList());
    assertEquals(3, spark.read().parquet(out).inputFiles().length);
  }

  @Test
  void rejectsNonPositiveSizes() {
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticPrompts.generate(spark, 0, 1, 16, 1));
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticPrompts.generate(spark, 1, 1, 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticPrompts.generate(spark, 1, 1, 16, 0));
    assertThrows(IllegalArgumentException.class,
        () -> SyntheticPrompts.write(spark, 1, 1, 16, " ", 1));
  }
}
