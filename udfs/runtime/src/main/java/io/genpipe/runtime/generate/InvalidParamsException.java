package io.genpipe.runtime.generate;

/**
 * A row's generation parameters are invalid: the caller's fault. The message names the parameter,
 * the value found and the accepted range, so it can go into the manifest as is.
 */
public class InvalidParamsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidParamsException(String message) {
    super(message);
  }
}
