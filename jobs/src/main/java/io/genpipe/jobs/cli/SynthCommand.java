package io.genpipe.jobs.cli;

import io.genpipe.dataset.spark.SyntheticPrompts;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genpipe synth}: a synthetic prompt dataset of any size, for benchmarks and scale tests. */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Write a deterministic synthetic text-prompt dataset (Parquet).")
public final class SynthCommand implements Callable<Integer> {
  @Option(names = "--rows", required = true, description = "Number of prompt rows.")
  long rows;

  @Option(names = "--out", required = true, description = "Output Parquet folder (any Hadoop path).")
  String out;

  @Option(names = "--seed", defaultValue = "0", description = "Generator seed (default 0).")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "32", description = "max_new_tokens in each row's params (default 32).")
  int maxNewTokens;

  @Option(names = "--partitions", defaultValue = "4", description = "Output files (default 4).")
  int partitions;

  @Option(names = "--master", description = "Spark master URL (default local[*]).")
  String master;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.create("genpipe synth", master, java.util.Map.of());
    try {
      SyntheticPrompts.write(spark, rows, seed, maxNewTokens, out, partitions);
      System.out.printf("wrote %d synthetic prompts to %s%n", rows, out);
      return 0;
    } finally {
      spark.stop();
    }
  }
}
