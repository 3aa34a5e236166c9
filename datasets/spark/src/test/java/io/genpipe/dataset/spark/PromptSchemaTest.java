package io.genpipe.dataset.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.dataset.PromptDatasetException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSchemaTest {
  private static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("PromptSchemaTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private Dataset<Row> sql(String select) {
    return spark.sql("SELECT " + select);
  }

  private static String message(Dataset<Row> input) {
    return assertThrows(PromptDatasetException.class, () -> PromptSchema.normalize(input))
        .getMessage();
  }

  @Test
  void knownColumnsComeFirstThenPassThroughInOriginalOrder() {
    Dataset<Row> input = sql("'story' AS topic, 'Once upon a time' AS prompt, 3 AS zeta,"
        + " 'p1' AS id, 'text' AS task, named_struct('a', 1) AS alpha");
    Dataset<Row> out = PromptSchema.normalize(input);
    assertArrayEquals(new String[] {"id", "task", "prompt", "params", "seed", "model", "topic",
        "zeta", "alpha"}, out.columns());
    StructType expected = PromptSchema.KNOWN_COLUMNS
        .add("topic", DataTypes.StringType, false)
        .add("zeta", DataTypes.IntegerType, false)
        .add("alpha", input.schema().apply("alpha").dataType(), false);
    assertEquals(expected.simpleString(), out.schema().simpleString());
    Row row = out.first();
    assertEquals("p1", row.getString(0));
    assertNull(row.get(3));
    assertNull(row.get(4));
    assertNull(row.get(5));
    assertEquals("story", row.getString(6));
    assertEquals(3, row.getInt(7));
    assertEquals(1, row.getStruct(8).getInt(0));
  }

  @Test
  void normalizeRunsNoSparkJob() throws Exception {
    String path = LocalSpark.writeParquet(
        sql("'p1' AS id, 'text' AS task, 'x' AS prompt, map('k', 'v') AS params"), tmp.resolve("p"));
    Dataset<Row> input = PromptReader.read(spark, path);
    spark.sparkContext().setJobGroup("normalize-only", "schema checks", false);
    try {
      PromptSchema.normalize(input).schema();
      assertThrows(PromptDatasetException.class,
          () -> PromptSchema.normalize(input.drop("prompt")));
      assertEquals(0, jobsIn("normalize-only"));
      PromptSchema.normalize(input).count(); // the probe does see jobs
      assertTrue(jobsIn("normalize-only") > 0);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private static int jobsIn(String group) {
    return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
  }

  @Test
  void paramsFromStringMapAndStructNormaliseToTheSameJson() {
    String base = "'p1' AS id, 'text' AS task, 'x' AS prompt, ";
    List<String> params = List.of(
        "'{\"style\":\"noir\",\"length\":\"short\"}' AS params",
        "map('style', 'noir', 'length', 'short') AS params",
        "named_struct('style', 'noir', 'length', 'short') AS params");
    for (int i = 0; i < params.size(); i++) {
      // Through real Parquet files, as a user's dataset would arrive.
      String path = LocalSpark.writeParquet(sql(base + params.get(i)), tmp.resolve("params" + i));
      Row row = PromptSchema.normalize(PromptReader.read(spark, path)).first();
      assertEquals("{\"style\":\"noir\",\"length\":\"short\"}", row.getString(3), params.get(i));
    }
  }

  @Test
  void stringMapParamsGetTheirJsonTypesBack() throws Exception {
    String path = LocalSpark.writeParquet(sql("'p1' AS id, 'text' AS task, 'x' AS prompt,"
        + " map('max_new_tokens', '5', 'do_sample', 'true', 'temperature', '0.7',"
        + " 'eos_token_id', '[2, 3]', 'stop', 'The end', 'quoted', '\"5\"', 'unset', NULL) AS params"),
        tmp.resolve("typed-map"));
    Row row = PromptSchema.normalize(PromptReader.read(spark, path)).first();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals(json.readTree("{\"max_new_tokens\":5,\"do_sample\":true,\"temperature\":0.7,"
        + "\"eos_token_id\":[2,3],\"stop\":\"The end\",\"quoted\":\"5\",\"unset\":null}"),
        json.readTree(row.getString(3)));
  }

  @Test
  void paramsStringPassesUnchangedEvenIfMalformed() {
    Row row = PromptSchema.normalize(
        sql("'p1' AS id, 'text' AS task, 'x' AS prompt, '{not json' AS params")).first();
    assertEquals("{not json", row.getString(3));
  }

  @Test
  void structParamsLeaveNullFieldsOut() {
    Row row = PromptSchema.normalize(sql("'p1' AS id, 'text' AS task, 'x' AS prompt,"
        + " named_struct('max_new_tokens', 24, 'top_p', CAST(NULL AS DOUBLE)) AS params")).first();
    assertEquals("{\"max_new_tokens\":24}", row.getString(3));
  }

  @Test
  void integralIdsAndSeedsAreWidened() {
    Row row = PromptSchema.normalize(sql("CAST(7 AS INT) AS id, 'image' AS task, 'x' AS prompt,"
        + " CAST(3 AS SMALLINT) AS seed, 'tiny-gpt' AS model")).first();
    assertEquals("7", row.getString(0));
    assertEquals("image", row.getString(1));
    assertEquals(3L, row.getLong(4));
    assertEquals("tiny-gpt", row.getString(5));
  }

  @Test
  void allNullUntypedColumnsAreAccepted() {
    Row row = PromptSchema.normalize(
        sql("'p1' AS id, 'music' AS task, NULL AS prompt, NULL AS seed, NULL AS params")).first();
    assertNull(row.get(2));
    assertNull(row.get(3));
    assertNull(row.get(4));
  }

  @Test
  void missingRequiredColumnsAreJobErrors() {
    assertEquals("prompt dataset column 'id' is missing; add a string column 'id' with a unique"
        + " value per row (found columns: [task, prompt])",
        message(sql("'text' AS task, 'x' AS prompt")));
    assertEquals("prompt dataset column 'prompt' is missing; add a string column 'prompt' holding"
        + " the text each row generates from (found columns: [id, task])",
        message(sql("'p1' AS id, 'text' AS task")));
    assertEquals("prompt dataset column 'task' is missing; add a string column 'task' holding"
        + " 'text' (or the reserved 'image', 'music') per row (found columns: [id, prompt])",
        message(sql("'p1' AS id, 'x' AS prompt")));
  }

  @Test
  void wronglyTypedColumnsAreJobErrors() {
    String rest = ", 'text' AS task, 'x' AS prompt";
    String idFix = "; use a string column 'id' with a unique value per row (integral ids are"
        + " accepted and cast to string)";
    assertEquals("prompt dataset column 'id' has type double" + idFix,
        message(sql("1.5D AS id" + rest)));
    assertEquals("prompt dataset column 'id' has type array<string>" + idFix,
        message(sql("array('a') AS id" + rest)));
    assertEquals("prompt dataset column 'prompt' has type int; use a string column 'prompt'",
        message(sql("'p1' AS id, 'text' AS task, 5 AS prompt")));
    assertEquals("prompt dataset column 'params' has type array<int>; use a JSON-object string,"
        + " a map<string,string> or a struct column 'params' (e.g. '{\"max_new_tokens\":24}'),"
        + " or drop the column",
        message(sql("'p1' AS id" + rest + ", array(1, 2) AS params")));
    assertEquals("prompt dataset column 'model' has type int; use a string column 'model'"
        + " naming the model to use, or drop the column",
        message(sql("'p1' AS id" + rest + ", 1 AS model")));
  }

  @Test
  void seedStoredAsStringInParquetIsAJobError() {
    String path = LocalSpark.writeParquet(
        sql("'p1' AS id, 'text' AS task, 'x' AS prompt, '42' AS seed"), tmp.resolve("seed"));
    assertEquals("prompt dataset column 'seed' has type string; use an integral column 'seed'"
        + " (bigint, int, smallint or tinyint), or drop the column",
        message(PromptReader.read(spark, path)));
    assertEquals("prompt dataset column 'seed' has type double; use an integral column 'seed'"
        + " (bigint, int, smallint or tinyint), or drop the column",
        message(sql("'p1' AS id, 'text' AS task, 'x' AS prompt, 4.0D AS seed")));
  }

  @Test
  void columnsDifferingOnlyByCaseOrRepeatedAreJobErrors() {
    assertEquals("prompt dataset column 'ID' differs from the known column 'id' only by case;"
        + " rename it to 'id'", message(sql("'p1' AS ID, 'text' AS task, 'x' AS prompt")));
    assertEquals("prompt dataset column 'prompt' appears 2 times; keep one column 'prompt'",
        message(sql("'p1' AS id, 'text' AS task, 'x' AS prompt, 'y' AS prompt")));
  }

  @Test
  void duplicateAndNullIdsAreReportedWithCounts() {
    Dataset<Row> input = sql("*, 'text' AS task, 'x' AS prompt FROM VALUES ('a'), ('b'), ('b'),"
        + " ('c'), ('c'), ('c'), (NULL), ('d') AS t(id)");
    PromptDatasetException e = assertThrows(PromptDatasetException.class,
        () -> PromptSchema.checkUniqueIds(input, 10));
    assertEquals("prompt dataset column 'id' must be non-null and unique per row, but found"
        + " null id (1 row), 'c' (3 rows), 'b' (2 rows); give every row its own id (remove or"
        + " rename the duplicates)", e.getMessage());
    PromptDatasetException limited = assertThrows(PromptDatasetException.class,
        () -> PromptSchema.checkUniqueIds(input, 2));
    assertEquals("prompt dataset column 'id' must be non-null and unique per row, but found"
        + " null id (1 row), 'c' (3 rows), and more not listed; give every row its own id"
        + " (remove or rename the duplicates)", limited.getMessage());
  }

  @Test
  void uniqueIdsPassAndTheRowsAreCounted() {
    Dataset<Row> input = sql("*, 'text' AS task, 'x' AS prompt FROM VALUES ('a'), ('b') AS t(id)");
    assertEquals(2L, PromptSchema.checkUniqueIds(input, 5));
    assertEquals(0L, PromptSchema.checkUniqueIds(input.where("id = 'none'"), 5));
    assertThrows(IllegalArgumentException.class, () -> PromptSchema.checkUniqueIds(input, 0));
  }
}
