package io.genpipe.jobs.cli;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The SparkSession of a CLI command: spark-submit's settings when present, else local. */
final class SparkSessions {
  private static final String HEARTBEAT = "spark.executor.heartbeatInterval";

  private SparkSessions() {}

  private static boolean isLocal(String master, Map<String, String> conf) {
    String m = master != null ? master
        : conf.getOrDefault("spark.master", System.getProperty("spark.master", "local[*]"));
    return m.startsWith("local");
  }

  static SparkSession create(String appName, String master, Map<String, String> conf) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    } else if (System.getProperty("spark.master") == null && !conf.containsKey("spark.master")) {
      b.master("local[*]");
    }
    conf.forEach(b::config);
    if (isLocal(master, conf) && !conf.containsKey(HEARTBEAT)) {
      // Live progress counts running tasks from executor heartbeats; in one local JVM they cost
      // nothing, so send them more often than the 10 s default.
      b.config(HEARTBEAT, "2s");
    }
    if (!conf.containsKey("spark.redaction.regex")) {
      b.config("spark.redaction.regex", io.genpipe.jobs.Secrets.SPARK_REDACTION_REGEX);
    }
    if (!conf.containsKey("spark.ui.showConsoleProgress")) {
      b.config("spark.ui.showConsoleProgress", "false");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("genpipe.spark.log.level", "WARN"));
    return spark;
  }
}
