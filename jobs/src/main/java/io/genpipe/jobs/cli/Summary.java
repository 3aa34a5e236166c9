package io.genpipe.jobs.cli;

import io.genpipe.jobs.RunResult;
import java.io.PrintStream;

/** The closing lines of a run on the console. */
final class Summary {
  private Summary() {}

  static void print(PrintStream out, RunResult r) {
    out.printf("run %s done: %d rows (%d ok, %d error%s) in %.1f s: %.1f rows/s, %d tokens, %.1f tokens/s%n",
        r.runId(), r.total(), r.ok(), r.errors(),
        r.skipped() > 0 ? ", " + r.skipped() + " skipped: already ok" : "", r.seconds(),
        r.rowsPerSecond(), r.tokensOut(), r.tokensPerSecond());
    out.println("manifest:   " + r.manifest());
    out.println("provenance: " + r.report());
    if (r.errors() > 0) {
      out.println("some rows failed: see their error_class and error_message with `genpipe inspect`");
    }
  }
}
