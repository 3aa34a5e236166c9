package io.genpipe.dataset.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.genpipe.dataset.PromptColumns;
import io.genpipe.dataset.PromptDatasetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The prompt dataset contract. {@link #normalize} turns any accepted input shape into
 * {@link #KNOWN_COLUMNS} followed by the input's other columns, untouched and in their original
 * order. It is a job error ({@link PromptDatasetException}) when a column is missing or mistyped;
 * row values (an empty prompt, malformed params JSON, an unsupported task) are left for the job to
 * judge per row.
 */
public final class PromptSchema {
  /** The known columns of a normalised dataset, in order; all nullable. */
  public static final StructType KNOWN_COLUMNS = new StructType()
      .add(PromptColumns.ID, DataTypes.StringType)
      .add(PromptColumns.TASK, DataTypes.StringType)
      .add(PromptColumns.PROMPT, DataTypes.StringType)
      .add(PromptColumns.PARAMS, DataTypes.StringType)
      .add(PromptColumns.SEED, DataTypes.LongType)
      .add(PromptColumns.MODEL, DataTypes.StringType);

  private static final String ROWS = "rows";

  private PromptSchema() {}

  /**
   * Checks the schema and returns the normalised dataset. Looks at the schema only: no Spark job
   * runs. Integral ids are cast to string; integral seeds to bigint; a {@code params} struct or
   * map becomes its JSON text (null fields left out), a {@code params} string passes unchanged;
   * absent optional columns become typed null columns.
   *
   * @throws PromptDatasetException naming the column, the type found and the fix
   */
  public static Dataset<Row> normalize(Dataset<Row> prompts) {
    StructType schema = prompts.schema();
    rejectAmbiguousNames(schema);
    PromptColumnRules rules = new PromptColumnRules(schema);
    List<Column> columns = new ArrayList<>(List.of(
        rules.id().as(PromptColumns.ID),
        rules.task().as(PromptColumns.TASK),
        rules.prompt().as(PromptColumns.PROMPT),
        rules.params().as(PromptColumns.PARAMS),
        rules.seed().as(PromptColumns.SEED),
        rules.model().as(PromptColumns.MODEL)));
    Arrays.stream(schema.fieldNames())
        .filter(name -> !PromptColumns.isKnown(name))
        .forEach(name -> columns.add(PromptColumnRules.ref(name)));
    return prompts.select(columns.toArray(Column[]::new));
  }

  /**
   * Fails if any {@code id} is null or shared by several rows, naming up to {@code maxReported}
   * offenders (null first, then the most repeated) with their row counts; else returns the number
   * of rows. A valid dataset costs one Spark job (rows per id, then their totals), so callers need
   * no separate {@code count()}; the offenders are listed by a second job only when there are some.
   *
   * @return the number of prompt rows
   * @throws IllegalArgumentException if {@code maxReported < 1}
   * @throws PromptDatasetException if the {@code id} column is missing or ids are not unique
   */
  public static long checkUniqueIds(Dataset<Row> prompts, int maxReported) {
    if (maxReported < 1) {
      throw new IllegalArgumentException("maxReported must be at least 1, got " + maxReported);
    }
    if (!List.of(prompts.columns()).contains(PromptColumns.ID)) {
      throw PromptDatasetException.missingColumn(PromptColumns.ID,
          "add a string column 'id' with a unique value per row", List.of(prompts.columns()));
    }
    Column id = col(PromptColumns.ID);
    Dataset<Row> perId = prompts.groupBy(id).agg(count(lit(1)).as(ROWS));
    Column offender = id.isNull().or(col(ROWS).gt(1));
    Row totals = perId.agg(sum(col(ROWS)), count(when(offender, lit(1)))).first();
    if (totals.getLong(1) > 0) {
      List<Row> offenders = perId.filter(offender)
          .orderBy(id.isNull().desc(), col(ROWS).desc(), id.asc())
          .limit(maxReported + 1)
          .collectAsList();
      throw new PromptDatasetException(describeOffenders(offenders, maxReported));
    }
    return totals.isNullAt(0) ? 0 : totals.getLong(0);
  }

  private static String describeOffenders(List<Row> offenders, int maxReported) {
    String listed = offenders.stream().limit(maxReported)
        .map(r -> (r.isNullAt(0) ? "null id" : "'" + r.get(0) + "'") + " (" + rows(r.getLong(1)) + ")")
        .collect(Collectors.joining(", "));
    String more = offenders.size() > maxReported ? ", and more not listed" : "";
    return "prompt dataset column 'id' must be non-null and unique per row, but found "
        + listed + more + "; give every row its own id (remove or rename the duplicates)";
  }

  private static String rows(long n) {
    return n == 1 ? "1 row" : n + " rows";
  }

  /**
   * Spark resolves column names case-insensitively, so 'ID' would silently stand in for 'id' or
   * clash with it; a known column repeated would be ambiguous.
   */
  private static void rejectAmbiguousNames(StructType schema) {
    Map<String, Long> counts = Arrays.stream(schema.fieldNames())
        .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    for (String name : schema.fieldNames()) {
      for (String known : PromptColumns.KNOWN) {
        if (!name.equals(known) && name.equalsIgnoreCase(known)) {
          throw new PromptDatasetException("prompt dataset column '" + name + "' differs from the"
              + " known column '" + known + "' only by case; rename it to '" + known + "'");
        }
      }
      if (PromptColumns.isKnown(name) && counts.get(name) > 1) {
        throw new PromptDatasetException("prompt dataset column '" + name + "' appears "
            + counts.get(name) + " times; keep one column '" + name + "'");
      }
    }
  }
}
