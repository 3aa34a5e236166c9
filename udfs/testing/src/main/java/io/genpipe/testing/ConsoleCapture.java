package io.genpipe.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * One in-process run of a command-line entry point with the JVM's console captured: what it
 * printed on standard output and standard error (log lines included) and its exit code.
 */
public record ConsoleCapture(int exit, String out, String err) {

  /** Runs {@code main} (e.g. {@code GenpipeCli::execute}) on {@code args}, restoring the console after. */
  public static ConsoleCapture run(ToIntFunction<String[]> main, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = main.applyAsInt(args);
      return new ConsoleCapture(exit, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
