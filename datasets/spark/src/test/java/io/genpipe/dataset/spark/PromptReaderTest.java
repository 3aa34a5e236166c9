package io.genpipe.dataset.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.dataset.PromptDatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptReaderTest {
  private static final String[] NORMALISED =
      {"id", "task", "prompt", "params", "seed", "model", "topic"};
  private static final String SAMPLING =
      "{\"max_new_tokens\":24,\"do_sample\":true,\"temperature\":0.8,\"top_p\":0.9}";

  private static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("PromptReaderTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<Row> readNormalised(String path) {
    Dataset<Row> out = PromptSchema.normalize(PromptReader.read(spark, path));
    assertArrayEquals(NORMALISED, out.columns());
    return out.orderBy("id").collectAsList();
  }

  private Dataset<Row> twoRows() {
    return spark.sql("SELECT * FROM VALUES"
        + " ('p1', 'text', 'Once upon a time', '" + SAMPLING + "', 42L, 'fairy-tale'),"
        + " ('p2', 'text', 'The little dog', NULL, NULL, 'animals')"
        + " AS t(id, task, prompt, params, seed, topic)");
  }

  private static void assertTwoRows(List<Row> rows) {
    assertEquals(2, rows.size());
    assertEquals(List.of("p1", "text", "Once upon a time", SAMPLING, 42L, "fairy-tale"),
        List.of(rows.get(0).get(0), rows.get(0).get(1), rows.get(0).get(2), rows.get(0).get(3),
            rows.get(0).get(4), rows.get(0).get(6)));
    assertNull(rows.get(0).get(5));
    assertEquals("p2", rows.get(1).getString(0));
    assertNull(rows.get(1).get(3));
    assertNull(rows.get(1).get(4));
  }

  @Test
  void readsAParquetFolderOfPartFilesAlsoAsAFileUri() {
    Path folder = tmp.resolve("prompts");
    twoRows().repartition(2).write().parquet(folder.toString());
    assertTwoRows(readNormalised(folder.toString()));
    assertTwoRows(readNormalised(folder.toUri().toString()));
  }

  @Test
  void readsASingleParquetFile() throws Exception {
    Path folder = tmp.resolve("staging");
    twoRows().coalesce(1).write().parquet(folder.toString());
    Path file = tmp.resolve("prompts.parquet");
    try (Stream<Path> parts = Files.list(folder)) {
      Files.move(parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow(),
          file);
    }
    assertTwoRows(readNormalised(file.toString()));
  }

  @Test
  void readsJsonLinesKeepingParamsObjectTextVerbatim() throws Exception {
    String[] lines = {
        "{\"id\":\"p1\",\"task\":\"text\",\"prompt\":\"Once upon a time\",\"params\":" + SAMPLING
            + ",\"seed\":42,\"topic\":\"fairy-tale\"}",
        "{\"id\":\"p2\",\"task\":\"text\",\"prompt\":\"The little dog\",\"topic\":\"animals\"}"};
    assertTwoRows(readNormalised(LocalSpark.writeText(tmp.resolve("prompts.jsonl"), lines)));
    assertTwoRows(readNormalised(LocalSpark.writeText(tmp.resolve("prompts.json"), lines)));
  }

  @Test
  void readsJsonLinesWithParamsAsEscapedString() throws Exception {
    String path = LocalSpark.writeText(tmp.resolve("p.jsonl"),
        "{\"id\":\"p1\",\"task\":\"text\",\"prompt\":\"x\",\"params\":\"{\\\"top_k\\\":5}\"}",
        "{\"id\":\"p2\",\"task\":\"text\",\"prompt\":\"y\",\"params\":{\"top_k\":6}}");
    List<Row> rows = PromptSchema.normalize(PromptReader.read(spark, path)).orderBy("id")
        .collectAsList();
    assertEquals("{\"top_k\":5}", rows.get(0).getString(3));
    assertEquals("{\"top_k\":6}", rows.get(1).getString(3));
  }

  @Test
  void malformedJsonLineIsAJobError() throws Exception {
    String path = LocalSpark.writeText(tmp.resolve("bad.jsonl"),
        "{\"id\":\"p1\",\"task\":\"text\",\"prompt\":\"x\"}",
        "{\"id\":\"p2\",\"task\":\"text\",\"prompt\":");
    String message = assertThrows(PromptDatasetException.class,
        () -> PromptReader.read(spark, path)).getMessage();
    assertEquals("prompt dataset '" + path + "' has malformed JSON lines, e.g."
        + " '{\"id\":\"p2\",\"task\":\"text\",\"prompt\":'; write JSON Lines: one complete JSON"
        + " object per line (pretty-printed JSON and top-level arrays spanning lines are not"
        + " supported)", message);
  }

  @Test
  void readsCsvWithQuotedJsonParamsAndParsedSeeds() throws Exception {
    String path = LocalSpark.writeText(tmp.resolve("prompts.csv"),
        "id,task,prompt,params,seed,topic",
        "p1,text,Once upon a time,\"" + SAMPLING.replace("\"", "\"\"") + "\", 42 ,fairy-tale",
        "p2,text,The little dog,,,animals");
    assertTwoRows(readNormalised(path));
  }

  @Test
  void csvKeepsIdsAsStringsAndPromptsWithCommasAndNewlines() throws Exception {
    String path = LocalSpark.writeText(tmp.resolve("p.csv"),
        "id,prompt,task,topic", "007,\"Hello, world\nsecond line\",text,");
    Row row = readNormalised(path).get(0);
    assertEquals("007", row.getString(0));
    assertEquals("Hello, world\nsecond line", row.getString(2));
  }

  @Test
  void nonNumericCsvSeedIsAJobErrorNamingTheRows() throws Exception {
    String path = LocalSpark.writeText(tmp.resolve("seeds.csv"),
        "id,task,prompt,seed", "p1,text,a,1", "p2,text,b,abc", "p3,text,c,1.5",
        "p4,text,d,99999999999999999999");
    String message = assertThrows(PromptDatasetException.class,
        () -> PromptReader.read(spark, path)).getMessage();
    assertTrue(message.startsWith("prompt dataset '" + path + "' column 'seed' must hold whole"
        + " numbers, but row id '"), message);
    assertTrue(message.contains("row id 'p2' has seed 'abc'"), message);
    assertTrue(message.contains("row id 'p3' has seed '1.5'"), message);
    assertTrue(message.contains("row id 'p4' has seed '99999999999999999999'"), message);
    assertTrue(message.endsWith("; write each seed as an integer between -2^63 and 2^63-1,"
        + " or leave it empty"), message);
  }

  @Test
  void missingPathIsAJobErrorNamingThePath() {
    String path = tmp.resolve("nowhere.parquet").toString();
    assertEquals("prompt dataset path '" + path + "' does not exist; check the path (and, for an"
        + " object store, the bucket name and credentials)",
        assertThrows(PromptDatasetException.class, () -> PromptReader.read(spark, path))
            .getMessage());
  }

  @Test
  void emptyFolderIsAJobError() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("empty"));
    Files.writeString(folder.resolve("_SUCCESS"), "");
    assertEquals("prompt dataset folder '" + folder + "' holds no data files; point at a folder"
        + " with part files or at a single file",
        assertThrows(PromptDatasetException.class,
            () -> PromptReader.read(spark, folder.toString())).getMessage());
  }

  @Test
  void explicitFormatOverridesTheExtension() throws Exception {
    String path = LocalSpark.writeText(tmp.resolve("prompts.txt"),
        "{\"id\":\"p1\",\"task\":\"text\",\"prompt\":\"x\"}");
    assertEquals("x", PromptSchema.normalize(
        PromptReader.read(spark, path, PromptFormat.JSON_LINES)).first().getString(2));
  }
}
