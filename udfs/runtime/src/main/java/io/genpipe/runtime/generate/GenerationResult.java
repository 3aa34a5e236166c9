package io.genpipe.runtime.generate;

/**
 * The tokens generated for one row.
 *
 * @param newIds generated ids, including the eos id that ended the row, if any
 * @param stopString the stop string that ended the row, or null
 * @param latencyNanos from the start of the batch to the step that finished this row
 */
public record GenerationResult(
    String id, long[] newIds, FinishReason finishReason, String stopString, long latencyNanos) {}
