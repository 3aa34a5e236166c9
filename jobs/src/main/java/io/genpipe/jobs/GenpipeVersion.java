package io.genpipe.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** genpipe's version, from the build. */
public final class GenpipeVersion {
  private static final String VERSION = load();

  private GenpipeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = GenpipeVersion.class.getResourceAsStream("genpipe-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
