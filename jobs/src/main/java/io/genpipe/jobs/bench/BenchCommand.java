package io.genpipe.jobs.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code genpipe bench}: throughput benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: genpipe against a bare ONNX Runtime loop on the same model and prompts.",
    subcommands = {TextBenchCommand.class, io.genpipe.jobs.bench.models.ModelsBenchCommand.class,
        io.genpipe.jobs.bench.image.ImageBenchCommand.class})
public final class BenchCommand implements Runnable {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
