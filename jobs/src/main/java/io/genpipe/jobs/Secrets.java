package io.genpipe.jobs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Redacts secret-looking settings before anything is logged or recorded.
 *
 * <p>A key is secret when one of its segments (split on {@code .}, {@code -}, {@code _} and
 * camel-case humps) contains {@code key}, {@code secret}, {@code token}, {@code passw}/{@code pwd},
 * {@code credential}, {@code passphrase}, {@code signature}, {@code cookie} or {@code private}, or
 * is {@code sas}, {@code sig} or {@code authorization}. This errs toward redacting: {@code spark.ssl.keyStore} or a
 * {@code …keytab} path is redacted too, which costs a little provenance but never leaks; keys such
 * as {@code spark.serializer} or {@code spark.sql.shuffle.partitions} stay readable. Values of
 * credentials providers are redacted because their key contains {@code credential}.
 */
public final class Secrets {
  public static final String REDACTED = "*********(redacted)";
  private static final Pattern SEGMENTS = Pattern.compile("[.\\-_:/\\s]+|(?<=[a-z0-9])(?=[A-Z])");
  private static final Pattern SECRET_PART = Pattern.compile(
      "key|secret|token|passw|pwd|credential|passphrase|signature|cookie|private");
  private static final Pattern SECRET_SEGMENT = Pattern.compile("sas|sig|authorization");

  /**
   * The same rule for Spark's own redaction ({@code spark.redaction.regex}: UI environment page,
   * event logs), which Spark matches against keys and values alike.
   */
  public static final String SPARK_REDACTION_REGEX = "(?i)key|secret|token|passw|pwd|credential"
      + "|passphrase|signature|cookie|private|(?<![a-z])(sas|sig|authorization)(?![a-z])";

  private Secrets() {}

  public static boolean isSecret(String key) {
    for (String segment : SEGMENTS.split(key)) {
      String s = segment.toLowerCase(Locale.ROOT);
      if (SECRET_PART.matcher(s).find() || SECRET_SEGMENT.matcher(s).matches()) {
        return true;
      }
    }
    return false;
  }

  public static Map<String, String> redact(Map<String, String> conf) {
    Map<String, String> out = new LinkedHashMap<>();
    conf.forEach((k, v) -> out.put(k, isSecret(k) ? REDACTED : v));
    return out;
  }
}
