package io.genpipe.dataset.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import io.genpipe.dataset.PromptColumns;
import io.genpipe.dataset.PromptTask;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A synthetic text-prompt dataset of any size: templated story openings such as "Once upon a
 * time, a curious fox lived near the river. One day, the fox". Every value is a pure function of
 * (seed, row number) computed with column expressions (xxhash64, no UDF), so the same seed gives
 * the same rows however the data is partitioned, and generation scales with the cluster.
 *
 * <p>Columns: {@code id} ({@code syn-000000042}), {@code task} ({@code text}), {@code prompt},
 * {@code params} ({@code {"max_new_tokens":N}}), {@code seed} (non-negative bigint per row) and
 * the pass-through column {@code topic}.
 */
public final class SyntheticPrompts {
  static final String TOPIC = "topic";
  private static final String ROW = "id"; // the column spark.range produces

  private static final List<String> OPENINGS = List.of("Once upon a time", "Long ago",
      "One sunny morning", "In a small town", "Late one night", "Far beyond the hills",
      "On a cold winter day", "Every summer");
  private static final List<String> ADJECTIVES = List.of("curious", "little", "brave", "sleepy",
      "clever", "shy", "happy", "tiny", "wise", "friendly", "grumpy", "gentle");
  private static final List<String> ANIMALS = List.of("fox", "dog", "cat", "rabbit", "owl",
      "bear", "mouse", "duck", "turtle", "frog", "squirrel", "horse");
  private static final List<String> PLACES = List.of("lived near the river",
      "lived in a hollow tree", "lived on a busy farm", "lived at the edge of the forest",
      "lived under a wooden bridge", "lived in a garden full of flowers");
  private static final List<String> TOPICS = List.of("adventure", "friendship", "kindness",
      "courage", "mystery", "home");

  private SyntheticPrompts() {}

  /**
   * The synthetic dataset, lazily; {@code rows} rows in {@code partitions} partitions.
   *
   * @throws IllegalArgumentException if {@code rows}, {@code maxNewTokens} or {@code partitions}
   *     is less than 1
   */
  public static Dataset<Row> generate(
      SparkSession spark, long rows, long seed, int maxNewTokens, int partitions) {
    Objects.requireNonNull(spark, "spark");
    requirePositive("rows", rows);
    requirePositive("maxNewTokens", maxNewTokens);
    requirePositive("partitions", partitions);
    Column animal = pick(ANIMALS, seed, 3);
    Column prompt = concat(pick(OPENINGS, seed, 1), lit(", a "), pick(ADJECTIVES, seed, 2),
        lit(" "), animal, lit(" "), pick(PLACES, seed, 4), lit(". One day, the "), animal);
    return spark.range(0, rows, 1, partitions).select(
        format_string("syn-%09d", col(ROW)).as(PromptColumns.ID),
        lit(PromptTask.TEXT.wireName()).as(PromptColumns.TASK),
        prompt.as(PromptColumns.PROMPT),
        lit("{\"max_new_tokens\":" + maxNewTokens + "}").as(PromptColumns.PARAMS),
        shiftrightunsigned(hash(seed, 0), 1).as(PromptColumns.SEED),
        pick(TOPICS, seed, 5).as(TOPIC));
  }

  /**
   * Writes {@link #generate} as Parquet to {@code outPath} (any Hadoop path), one part file per
   * partition. Fails, as Spark does, if {@code outPath} already exists.
   */
  public static void write(SparkSession spark, long rows, long seed, int maxNewTokens,
      String outPath, int partitions) {
    if (outPath == null || outPath.isBlank()) {
      throw new IllegalArgumentException("outPath must not be blank, got '" + outPath + "'");
    }
    generate(spark, rows, seed, maxNewTokens, partitions).write().parquet(outPath);
  }

  /** A word chosen by a hash of (seed, row, salt): a different salt per slot of the template. */
  private static Column pick(List<String> words, long seed, int salt) {
    Column choices = array(words.stream().map(w -> lit(w)).toArray(Column[]::new));
    Column index = pmod(hash(seed, salt), lit((long) words.size())).cast("int");
    return element_at(choices, index.plus(1)); // element_at is 1-based
  }

  private static Column hash(long seed, int salt) {
    return xxhash64(lit(seed), col(ROW), lit(salt));
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
