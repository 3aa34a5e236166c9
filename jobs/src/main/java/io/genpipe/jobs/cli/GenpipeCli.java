package io.genpipe.jobs.cli;

import io.genpipe.dataset.PromptDatasetException;
import io.genpipe.jobs.GenpipeVersion;
import io.genpipe.jobs.JobConfigException;
import io.genpipe.model.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code genpipe} command. Exit codes: 0 done, 3 done with some error rows (the manifest is
 * complete), 2 misconfiguration found before any generation, 1 an unexpected failure.
 */
@Command(name = "genpipe", mixinStandardHelpOptions = true, versionProvider = GenpipeCli.Version.class,
    description = "Batch content generation on Apache Spark with ONNX Runtime.",
    subcommands = {RunCommand.class, DemoCommand.class, InspectCommand.class, SynthCommand.class,
        ModelCommand.class, DoctorCommand.class, io.genpipe.jobs.bench.BenchCommand.class,
        GcCommand.class, ReportCommand.class})
public final class GenpipeCli implements Runnable {
  public static final int EXIT_CONFIG = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    return new CommandLine(new GenpipeCli())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof JobConfigException || e instanceof PromptDatasetException
              || e instanceof ModelException) {
            cmd.getErr().println("genpipe: " + e.getMessage());
            return EXIT_CONFIG;
          }
          throw e;
        })
        .execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"genpipe " + GenpipeVersion.get()};
    }
  }
}
