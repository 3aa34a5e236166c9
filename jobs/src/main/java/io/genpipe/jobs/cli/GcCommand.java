package io.genpipe.jobs.cli;

import io.genpipe.jobs.GcPlan;
import io.genpipe.jobs.JobConfigException;
import io.genpipe.jobs.JobOptions;
import io.genpipe.jobs.MediaGc;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genpipe gc OUT [--delete]}: media objects no manifest row references. */
@Command(name = "gc", mixinStandardHelpOptions = true,
    description = "List media objects under OUT/media that no manifest row references, and "
        + "staging leftovers of killed attempts; with --delete, remove them. Run it when no job "
        + "is writing to OUT.")
public final class GcCommand implements Callable<Integer> {
  private static final int LISTED = 20;
  private static final Pattern AGE = Pattern.compile("(\\d+)([smhd]?)");

  @Parameters(index = "0", paramLabel = "OUT", description = "The run's output prefix.")
  String out;

  @Option(names = "--delete", description = "Delete what is found (default: only list it).")
  boolean delete;

  @Option(names = "--min-age", defaultValue = "1h", paramLabel = "AGE",
      description = "Keep objects younger than this (s/m/h/d; 0 = none kept; default 1h), so that "
          + "objects a running job has published but not yet recorded survive.")
  String minAge;

  @Option(names = "--conf", paramLabel = "SPARK_KEY=VALUE", description = "Spark setting (e.g. spark.hadoop.fs.s3a.*).")
  List<String> confs = new ArrayList<>();

  @Override
  public Integer call() {
    Duration age = age(minAge);
    SparkSession spark = SparkSessions.create("genpipe gc", "local[1]", JobOptions.pairs(confs, "--conf"));
    try {
      MediaGc gc = new MediaGc(spark, out);
      GcPlan plan = gc.plan(age);
      report(plan, System.out);
      if (delete) {
        long n = gc.delete(plan);
        System.out.printf("deleted %d objects (%d bytes)%n", n, GcPlan.bytes(plan.garbage()));
      } else if (!plan.garbage().isEmpty()) {
        System.out.println("dry run: pass --delete to remove them");
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static void report(GcPlan p, PrintStream o) {
    o.printf("media objects: %d (%d bytes), referenced by the manifest: %d%n", p.objects(),
        p.bytes(), p.referenced());
    o.printf("unreferenced: %d (%d bytes)%n", p.unreferenced().size(), GcPlan.bytes(p.unreferenced()));
    o.printf("staging leftovers: %d (%d bytes)%n", p.staging().size(), GcPlan.bytes(p.staging()));
    o.printf("kept as younger than --min-age: %d (%d bytes)%n", p.young().size(), GcPlan.bytes(p.young()));
    List<FileStatus> garbage = p.garbage();
    garbage.stream().limit(LISTED).forEach(f -> o.printf("  %s  %d bytes%n", f.getPath(), f.getLen()));
    if (garbage.size() > LISTED) {
      o.printf("  … and %d more%n", garbage.size() - LISTED);
    }
  }

  static Duration age(String text) {
    Matcher m = AGE.matcher(text.trim());
    if (!m.matches()) {
      throw new JobConfigException("--min-age must be a number with s, m, h or d (e.g. 30m, 1h, "
          + "0), got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
