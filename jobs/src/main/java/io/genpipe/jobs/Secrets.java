package io.genpipe.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Redacts secret-looking settings before anything is logged or recorded. */
public final class Secrets {
  public static final String REDACTED = "*********(redacted)";
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(secret|password|passwd|token|credential|session\\.key|access\\.key|\\.key$|apikey|api\\.key).*");

  private Secrets() {}

  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  public static Map<String, String> redact(Map<String, String> conf) {
    Map<String, String> out = new LinkedHashMap<>();
    conf.forEach((k, v) -> out.put(k, isSecret(k) ? REDACTED : v));
    return out;
  }
}
