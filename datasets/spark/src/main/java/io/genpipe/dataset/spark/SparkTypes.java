package io.genpipe.dataset.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Spark type predicates used by the schema checks. */
final class SparkTypes {
  private SparkTypes() {}

  static boolean isIntegral(DataType type) {
    return type.equals(DataTypes.LongType)
        || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.ShortType)
        || type.equals(DataTypes.ByteType);
  }

  /** A string column, or an untyped all-null column (JSON inference and {@code lit(null)}). */
  static boolean isStringLike(DataType type) {
    return type.equals(DataTypes.StringType) || type.equals(DataTypes.NullType);
  }

  static boolean isIntegralLike(DataType type) {
    return isIntegral(type) || type.equals(DataTypes.NullType);
  }
}
