package io.genpipe.dataset;

import java.util.List;

/**
 * A prompt dataset as a whole is unusable: a column is missing or has the wrong type, ids are
 * not unique, or the file cannot be read as the format its name says. The job stops before any
 * generation. Problems with a single row's values (an empty prompt, malformed params JSON, an
 * unknown task) are not reported this way; the job records them per row.
 *
 * <p>Messages name the column or path, what was found, and the fix.
 */
public class PromptDatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PromptDatasetException(String message) {
    super(message);
  }

  public PromptDatasetException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A required column is absent. */
  public static PromptDatasetException missingColumn(
      String column, String fix, List<String> foundColumns) {
    return new PromptDatasetException(
        "prompt dataset column '" + column + "' is missing; " + fix
            + " (found columns: " + foundColumns + ")");
  }

  /** A column exists with a type the schema does not accept. */
  public static PromptDatasetException wrongType(String column, String foundType, String fix) {
    return new PromptDatasetException(
        "prompt dataset column '" + column + "' has type " + foundType + "; " + fix);
  }
}
