package io.genpipe.runtime.image;

/**
 * A model folder's configuration cannot be used as written: a missing or malformed file, or a
 * setting genpipe does not implement. The message names the file, the key and what to change; it
 * is the model's problem, not the row's.
 */
public class ModelConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelConfigException(String message) {
    super(message);
  }

  public ModelConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
