package io.genpipe.jobs;

/**
 * The job is misconfigured (a flag, option, path, model or licence): the user's fault, found on the
 * driver before any executor work. The message names the setting and the fix.
 */
public class JobConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobConfigException(String message) {
    super(message);
  }

  public JobConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
