package io.genpipe.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as a console table and as JSON. */
final class BenchReport {
  private final BenchSettings settings;
  private final Machine machine;
  private final List<ModelResult> models;

  BenchReport(BenchSettings settings, Machine machine, List<ModelResult> models) {
    this.settings = settings;
    this.machine = machine;
    this.models = List.copyOf(models);
  }

  void print(PrintStream out) {
    out.println(machine.describe());
    for (ModelResult m : models) {
      printModel(out, m);
    }
  }

  private void printModel(PrintStream out, ModelResult m) {
    int n = settings.cores();
    out.printf(Locale.ROOT, "%nmodel %s (%s): %d prompts of %d-%d tokens, batch size %d, %d new "
            + "tokens per row (greedy, no eos), intra-op threads %s; median of %d timed runs after "
            + "1 warm-up%n", m.modelId(), m.dir(), m.prompts(), m.minPromptTokens(),
        m.maxPromptTokens(), settings.batchSize(), m.newTokens(),
        settings.intraOpThreads() == 0 ? "ORT default" : settings.intraOpThreads(),
        settings.repeats());
    out.printf(Locale.ROOT, "  %-40s %7s %8s %9s %10s %9s %9s %7s %8s %9s%n", "contender",
        "threads", "tokens", "median s", "tokens/s", "vs bare", "vs bare" + n, "CPU s",
        "CPU eff", "JVM CPU s");
    for (Throughput t : List.of(m.bare(), m.genpipe(), m.genpipeText(), m.bareParallel(),
        m.genpipeParallel(), m.spark(), m.sparkWall())) {
      double jvm = t.medianJvmCpuSeconds();
      out.printf(Locale.ROOT, "  %-40s %7d %8d %9.3f %10.0f %8.2fx %8.2fx %7.2f %7.2fx %9s%n",
          t.name(), t.threads(), t.tokens(), t.medianSeconds(), t.tokensPerSecond(),
          m.ratio(t, m.bare()), m.ratio(t, m.bareParallel()), t.medianCpuSeconds(),
          t.tokensPerCpuSecond() / m.bare().tokensPerCpuSecond(),
          Double.isNaN(jvm) ? "-" : String.format(Locale.ROOT, "%.2f", jvm));
    }
    out.printf(Locale.ROOT, "  genpipe/bare = %.2fx (1 thread each, Generator on ids)%n",
        m.ratio(m.genpipe(), m.bare()));
    out.printf(Locale.ROOT, "  spark/bare  = %.2fx at equal resources (Spark local[%d] generate "
        + "phase vs bare loop on %d threads); %.2fx vs the 1-thread bare loop%n",
        m.ratio(m.spark(), m.bareParallel()), n, n, m.ratio(m.spark(), m.bare()));
    out.printf(Locale.ROOT, "  CPU efficiency (tokens per CPU second of the contender's own "
        + "threads, vs the bare loop): genpipe %.2fx, spark generate phase %.2fx, spark end to end "
        + "%.2fx%n", m.genpipe().tokensPerCpuSecond() / m.bare().tokensPerCpuSecond(),
        m.spark().tokensPerCpuSecond() / m.bare().tokensPerCpuSecond(),
        m.sparkWall().tokensPerCpuSecond() / m.bare().tokensPerCpuSecond());
    out.println("  ids identical: " + (m.idsIdentical() ? "yes" : "no")
        + " (bare vs genpipe, batched run and latency probe)");
    out.println("  spark texts identical to genpipe TextGeneration: "
        + (m.sparkTextsIdentical() ? "yes" : "no"));
    printSpark(out, m.sparkPass());
    printProbe(out, m.probe(), m.contextLength());
    if (!Double.isNaN(m.othersCpuShare())) {
      out.printf(Locale.ROOT, "  other processes used %.0f%% of the machine's CPU time during this "
          + "model's bench%s%n", 100 * m.othersCpuShare(),
          m.othersCpuShare() > 0.05 ? " (figures disturbed; rerun on a quiet machine)" : "");
    }
  }

  private static void printSpark(PrintStream out, SparkContender.Pass p) {
    double tasks = p.stages().stream().mapToLong(StageTimes.Stage::cpuMs).sum() / 1e3;
    out.printf(Locale.ROOT, "  Spark run (median pass): %s; JVM CPU %.2f s = tasks %.2f s + driver "
            + "thread %.2f s + other JVM threads (GC, JIT, Spark services) %.2f s; stages (start "
            + "offset in the run):%n",
        String.join(", ", p.timings().entrySet().stream()
            .map(e -> e.getKey().replace("_ms", "") + " " + e.getValue() + " ms").toList()),
        p.jvmCpuSeconds(), tasks, p.driverCpuSeconds(),
        p.jvmCpuSeconds() - tasks - p.driverCpuSeconds());
    if (!p.threadCpu().isEmpty()) {
      out.println("    JVM CPU by thread name: " + String.join(", ", p.threadCpu().entrySet().stream()
          .limit(8).map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
          .toList()) + "; Spark codegen compiled " + p.codegenCompilations() + " classes");
    }
    for (StageTimes.Stage s : p.stages()) {
      out.printf(Locale.ROOT, "    +%5d ms %-42s %d tasks, wall %5d ms, longest task %5d ms, "
          + "task run %5d ms, task CPU %5d ms%n", s.submitted() - p.startedMs(), s.name(), s.tasks(),
          s.wallMs(), s.maxTaskMs(), s.runMs(), s.cpuMs());
    }
  }

  private void printProbe(PrintStream out, ModelResult.Probe p, int context) {
    out.printf(Locale.ROOT, "  decode ms/token, 1 row, prompt \"%s\" (%d tokens) + %d new tokens, "
        + "context %d; median over cache lengths p-%d..p+%d of %d timed runs%n", p.prompt(),
        p.promptTokens(), p.newTokens(), context, DecodeLatency.WINDOW, DecodeLatency.WINDOW,
        settings.repeats());
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "    %-28s", "cache length"));
    settings.positions().forEach(pos -> head.append(String.format(Locale.ROOT, " %9d", pos)));
    out.println(head);
    row(out, "bare, whole token", p.bare().tokenMs(settings.positions()));
    row(out, "genpipe, whole token", p.genpipe().tokenMs(settings.positions()));
    row(out, "bare, ORT step", p.bare().stepMs(settings.positions()));
    row(out, "genpipe, DecoderState.step", p.genpipe().stepMs(settings.positions()));
    row(out, "no cache: full forward of p+1", p.recomputeMs());
  }

  private static void row(PrintStream out, String name, Map<Integer, Double> ms) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-28s", name));
    ms.values().forEach(v -> line.append(v.isNaN() ? String.format(Locale.ROOT, " %9s", "n/a")
        : String.format(Locale.ROOT, " %9.3f", v)));
    out.println(line);
  }

  void writeJson(Path file) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine.toMap());
    root.put("settings", settings);
    List<Object> list = new ArrayList<>();
    models.forEach(m -> list.add(json(m)));
    root.put("models", list);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> json(ModelResult m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("model_id", m.modelId());
    o.put("dir", m.dir());
    o.put("prompts", m.prompts());
    o.put("prompt_tokens_min", m.minPromptTokens());
    o.put("prompt_tokens_max", m.maxPromptTokens());
    o.put("new_tokens_per_row", m.newTokens());
    o.put("context_length", m.contextLength());
    Map<String, Object> contenders = new LinkedHashMap<>();
    contenders.put("bare", json(m.bare()));
    contenders.put("genpipe_generator", json(m.genpipe()));
    contenders.put("genpipe_text_generation", json(m.genpipeText()));
    contenders.put("bare_parallel", json(m.bareParallel()));
    contenders.put("genpipe_generator_parallel", json(m.genpipeParallel()));
    contenders.put("spark_generate_phase", json(m.spark()));
    contenders.put("spark_end_to_end", json(m.sparkWall()));
    o.put("contenders", contenders);
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("genpipe_over_bare", m.ratio(m.genpipe(), m.bare()));
    ratios.put("genpipe_text_over_bare", m.ratio(m.genpipeText(), m.bare()));
    ratios.put("spark_over_bare_equal_resources", m.ratio(m.spark(), m.bareParallel()));
    ratios.put("spark_over_bare_one_thread", m.ratio(m.spark(), m.bare()));
    ratios.put("spark_end_to_end_over_bare_equal_resources", m.ratio(m.sparkWall(), m.bareParallel()));
    ratios.put("cpu_efficiency_genpipe_over_bare",
        m.genpipe().tokensPerCpuSecond() / m.bare().tokensPerCpuSecond());
    ratios.put("cpu_efficiency_spark_generate_over_bare",
        m.spark().tokensPerCpuSecond() / m.bare().tokensPerCpuSecond());
    ratios.put("cpu_efficiency_spark_end_to_end_over_bare",
        m.sparkWall().tokensPerCpuSecond() / m.bare().tokensPerCpuSecond());
    o.put("ratios", ratios);
    o.put("ids_identical", m.idsIdentical());
    o.put("others_cpu_share", Double.isNaN(m.othersCpuShare()) ? null : m.othersCpuShare());
    Map<String, Object> spark = new LinkedHashMap<>();
    spark.put("timings", m.sparkPass().timings());
    spark.put("started_ms", m.sparkPass().startedMs());
    spark.put("driver_thread_cpu_seconds", m.sparkPass().driverCpuSeconds());
    spark.put("jvm_cpu_seconds", m.sparkPass().jvmCpuSeconds());
    spark.put("jvm_cpu_seconds_by_thread_name", m.sparkPass().threadCpu());
    spark.put("codegen_compilations", m.sparkPass().codegenCompilations());
    spark.put("stages", m.sparkPass().stages());
    o.put("spark_median_pass", spark);
    o.put("spark_texts_identical", m.sparkTextsIdentical());
    ModelResult.Probe p = m.probe();
    Map<String, Object> probe = new LinkedHashMap<>();
    probe.put("prompt", p.prompt());
    probe.put("prompt_tokens", p.promptTokens());
    probe.put("new_tokens", p.newTokens());
    probe.put("window", DecodeLatency.WINDOW);
    probe.put("bare_token_ms", keyed(p.bare().tokenMs(settings.positions())));
    probe.put("genpipe_token_ms", keyed(p.genpipe().tokenMs(settings.positions())));
    probe.put("bare_step_ms", keyed(p.bare().stepMs(settings.positions())));
    probe.put("genpipe_step_ms", keyed(p.genpipe().stepMs(settings.positions())));
    probe.put("no_cache_forward_ms", keyed(p.recomputeMs()));
    o.put("decode_latency", probe);
    return o;
  }

  private static Map<String, Object> json(Throughput t) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", t.name());
    o.put("threads", t.threads());
    o.put("tokens", t.tokens());
    o.put("median_seconds", t.medianSeconds());
    o.put("tokens_per_second", t.tokensPerSecond());
    o.put("run_seconds", t.runs().stream().map(Throughput.Sample::seconds).toList());
    o.put("median_cpu_seconds", t.medianCpuSeconds());
    o.put("tokens_per_cpu_second", t.tokensPerCpuSecond());
    o.put("run_cpu_seconds", t.runs().stream().map(Throughput.Sample::cpuSeconds).toList());
    o.put("run_jvm_cpu_seconds", t.runs().stream().map(Throughput.Sample::jvmCpuSeconds)
        .map(v -> v.isNaN() ? null : v).toList());
    return o;
  }

  /** Position → ms, with null (JSON null) where the probe did not reach the position. */
  private static Map<String, Object> keyed(Map<Integer, Double> ms) {
    Map<String, Object> o = new LinkedHashMap<>();
    ms.forEach((k, v) -> o.put(k.toString(), v.isNaN() ? null : v));
    return o;
  }
}
