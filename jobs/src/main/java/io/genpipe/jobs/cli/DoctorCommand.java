package io.genpipe.jobs.cli;

import ai.onnxruntime.OrtEnvironment;
import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.OrtRuntime;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.runtime.generate.GenerationParams;
import io.genpipe.runtime.generate.TextRequest;
import io.genpipe.runtime.generate.TextResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code genpipe doctor}: the first thing to run on a new machine or cluster node. Reports what
 * ONNX Runtime and CUDA look like here and runs the bundled tiny model on the CPU and on every
 * visible GPU. Exit 0: every device works; 4: a visible GPU cannot run models; 1: the CPU cannot.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check ONNX Runtime, CUDA/cuDNN visibility and run a tiny model on the CPU and each visible GPU.")
public final class DoctorCommand implements Callable<Integer> {
  static final int EXIT_GPU = 4;

  @Override
  public Integer call() throws IOException {
    System.out.printf("java        %s (%s %s)%n", System.getProperty("java.version"),
        System.getProperty("os.name"), System.getProperty("os.arch"));
    System.out.printf("onnxruntime %s, providers %s%n", OrtRuntime.version(),
        OrtEnvironment.getAvailableProviders());
    System.out.printf("CUDA_VISIBLE_DEVICES=%s%n", System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "(unset)"));
    List<String> libs = command("ldconfig", "-p").stream()
        .filter(l -> l.contains("libcudart") || l.contains("libcudnn") || l.contains("libcublas"))
        .map(l -> l.trim().split("\\s+")[0]).distinct().toList();
    System.out.println("CUDA libraries: " + (libs.isEmpty() ? "none found by ldconfig" : libs));
    List<String> gpus = command("nvidia-smi", "--query-gpu=index,name,driver_version,memory.total",
        "--format=csv,noheader");
    System.out.println("GPUs (nvidia-smi): " + (gpus.isEmpty() ? "none" : ""));
    gpus.forEach(g -> System.out.println("  " + g));

    Path assets = DemoAssets.extract(Files.createTempDirectory("genpipe-doctor"));
    Path model = assets.resolve(DemoAssets.MODEL);
    boolean cpuOk = check(model, new SessionConf(ExecutionDevice.CPU, 0, false));
    boolean gpusOk = true;
    for (String g : gpus) {
      int index = Integer.parseInt(g.split(",")[0].trim());
      gpusOk &= check(model, new SessionConf(ExecutionDevice.cuda(index), 0, false));
    }
    return !cpuOk ? 1 : gpusOk ? 0 : EXIT_GPU;
  }

  private static boolean check(Path model, SessionConf conf) {
    long t0 = System.nanoTime();
    try (TextModel m = TextModel.load("genpipe-tiny-lm", model, conf)) {
      TextResult r = m.generation(null).generate(List.of(new TextRequest("doctor", "Once upon a time",
          new GenerationParams(8, false, 1f, 50, 1f, 1f, Set.of(), List.of()), 0L))).get(0);
      if (!r.isOk()) {
        throw new IllegalStateException(r.errorMessage());
      }
      System.out.printf("run on %-7s ok: %d tokens in %d ms%n", conf.device().wireName(), r.tokensOut(),
          (System.nanoTime() - t0) / 1_000_000);
      return true;
    } catch (RuntimeException e) {
      System.out.printf("run on %-7s FAILED: %s%n", conf.device().wireName(), e.getMessage());
      return false;
    }
  }

  /** Output lines of a command, or none when it is missing or fails. */
  private static List<String> command(String... cmd) {
    List<String> lines = new ArrayList<>();
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        r.lines().forEach(lines::add);
      }
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return List.of();
      }
      return lines;
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
