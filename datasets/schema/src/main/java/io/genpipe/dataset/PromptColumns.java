package io.genpipe.dataset;

import java.util.List;

/**
 * Column names of a prompt dataset, in the order of the normalised shape:
 * {@code id string, task string, prompt string, params string, seed bigint, model string},
 * followed by any pass-through columns in their original order.
 */
public final class PromptColumns {
  public static final String ID = "id";
  public static final String TASK = "task";
  public static final String PROMPT = "prompt";
  public static final String PARAMS = "params";
  public static final String SEED = "seed";
  public static final String MODEL = "model";

  /** Known columns in normalised order. */
  public static final List<String> KNOWN = List.of(ID, TASK, PROMPT, PARAMS, SEED, MODEL);

  /** Columns every prompt dataset must have. */
  public static final List<String> REQUIRED = List.of(ID, TASK, PROMPT);

  private PromptColumns() {}

  public static boolean isKnown(String column) {
    return KNOWN.contains(column);
  }
}
