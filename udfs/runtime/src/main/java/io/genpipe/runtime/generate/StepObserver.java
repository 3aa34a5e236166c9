package io.genpipe.runtime.generate;

/** Sees the timing of every forward step (benchmarks, metrics). */
@FunctionalInterface
public interface StepObserver {
  StepObserver NONE = (past, rows, newTokens, nanos) -> {};

  /**
   * @param pastLength cache length before the step
   * @param rows rows in the step
   * @param newTokens tokens per row fed in the step
   */
  void onStep(int pastLength, int rows, int newTokens, long nanos);
}
