package io.genpipe.jobs;

/**
 * What a finished run reports to its caller.
 *
 * @param total input rows
 * @param skipped rows that already had an ok output in the output prefix (resume)
 * @param ok rows this run generated
 * @param errors rows this run recorded as errors
 */
public record RunResult(String runId, String manifest, String report, long total, long skipped,
    long ok, long errors, long tokensOut, double seconds) {
  public double rowsPerSecond() {
    return seconds > 0 ? (ok + errors) / seconds : 0;
  }

  public double tokensPerSecond() {
    return seconds > 0 ? tokensOut / seconds : 0;
  }
}
