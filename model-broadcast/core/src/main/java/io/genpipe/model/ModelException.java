package io.genpipe.model;

/**
 * A model folder cannot be used as it is: it is missing, empty or unreadable, its model card or
 * {@code config.json} is malformed, or its content does not match a pinned digest. Messages name
 * the path or model, what was found, and the fix.
 *
 * <p>Mistakes in arguments (a malformed pinned digest, a blank licence id) are reported as {@link
 * IllegalArgumentException} instead.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
