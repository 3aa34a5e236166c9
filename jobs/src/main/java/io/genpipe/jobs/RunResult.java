package io.genpipe.jobs;

/** What a finished run reports to its caller. */
public record RunResult(String runId, String manifest, String report, long total, long ok,
    long errors, long tokensOut, double seconds) {
  public double rowsPerSecond() {
    return seconds > 0 ? total / seconds : 0;
  }

  public double tokensPerSecond() {
    return seconds > 0 ? tokensOut / seconds : 0;
  }
}
