package io.genpipe.storage;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Counts S3A's own retries in this JVM (driver and local-mode tasks alike): S3A's {@code Invoker}
 * logs {@code "retry #N"} at debug before each retry of a request. While installed, that logger
 * runs at debug into this counter only; its warnings still reach the console.
 */
final class S3aRetryCounter implements AutoCloseable {
  private static final String LOGGER = "org.apache.hadoop.fs.s3a.Invoker";
  private final AtomicLong retries = new AtomicLong();
  private final LoggerContext ctx;
  private final AbstractAppender appender;

  S3aRetryCounter() {
    ctx = (LoggerContext) LogManager.getContext(false);
    appender = new AbstractAppender("s3a-retry-counter", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (event.getMessage().getFormattedMessage().startsWith("retry #")) {
          retries.incrementAndGet();
        }
      }
    };
    appender.start();
    Configuration config = ctx.getConfiguration();
    LoggerConfig logger = new LoggerConfig(LOGGER, Level.DEBUG, false);
    logger.addAppender(appender, Level.DEBUG, null);
    Appender console = config.getAppender("console");
    if (console != null) {
      logger.addAppender(console, Level.WARN, null);
    }
    config.addLogger(LOGGER, logger);
    ctx.updateLoggers();
  }

  long retries() {
    return retries.get();
  }

  @Override
  public void close() {
    ctx.getConfiguration().removeLogger(LOGGER);
    ctx.updateLoggers();
    appender.stop();
  }
}
