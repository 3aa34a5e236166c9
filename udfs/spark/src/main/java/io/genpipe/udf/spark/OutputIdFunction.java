package io.genpipe.udf.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * (id, output_id) of every normalised prompt row, without opening any model: what a resumed run
 * compares with the manifest to skip rows that already have an {@code ok} output.
 */
public final class OutputIdFunction implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  public static final StructType SCHEMA = DataTypes.createStructType(java.util.List.of(
      DataTypes.createStructField("id", DataTypes.StringType, false),
      DataTypes.createStructField("output_id", DataTypes.StringType, false)));

  private final GenerationTaskSpec spec;

  public OutputIdFunction(GenerationTaskSpec spec) {
    this.spec = spec;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    RowPlanner planner = new RowPlanner(spec);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Row next() {
        RowPlan p = planner.plan(input.next());
        return RowFactory.create(p.promptId(), p.outputId());
      }
    };
  }
}
