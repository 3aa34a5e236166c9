package io.genpipe.runtime.generate;

/**
 * The outcome of one text row: either generated text or an error that names its cause.
 *
 * @param errorClass a short stable code ({@code prompt_too_long}, {@code generation_error}, ...)
 */
public record TextResult(
    String id,
    String text,
    int tokensIn,
    int tokensOut,
    String finishReason,
    long latencyMs,
    String errorClass,
    String errorMessage) {

  public static TextResult ok(String id, String text, int tokensIn, int tokensOut,
      FinishReason reason, long latencyMs) {
    return new TextResult(id, text, tokensIn, tokensOut, reason.wireName(), latencyMs, null, null);
  }

  public static TextResult error(String id, int tokensIn, String errorClass, String message) {
    return new TextResult(id, null, tokensIn, 0, null, 0, errorClass, message);
  }

  public boolean isOk() {
    return errorClass == null;
  }
}
