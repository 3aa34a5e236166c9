package io.genpipe.jobs;

import java.util.Locale;

/** What the job's outputs will be used for; the licence gate decides against it. */
public enum Usage {
  COMMERCIAL, NON_COMMERCIAL, RESEARCH;

  public static Usage parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new JobConfigException("usage must be commercial, non-commercial or research, got '"
          + value + "'");
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
