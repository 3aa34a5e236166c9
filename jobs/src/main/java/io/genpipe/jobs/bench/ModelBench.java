package io.genpipe.jobs.bench;

import io.genpipe.jobs.JobConfigException;
import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.runtime.generate.GenerationParams;
import io.genpipe.runtime.generate.GenerationRequest;
import io.genpipe.runtime.generate.GenerationResult;
import io.genpipe.runtime.generate.Generator;
import io.genpipe.runtime.generate.TextRequest;
import io.genpipe.runtime.generate.TextResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs every contender on one model, on the same prompts, at the same batch size, greedy, with no
 * eos stopping (so all contenders generate the same number of tokens), and checks that they agree.
 */
final class ModelBench implements AutoCloseable {
  private final BenchSettings s;
  private final Measure measure;
  private final SparkContender spark;
  private final BenchPrompts prompts;
  private final ExecutorService pool;

  ModelBench(BenchSettings s, Measure measure, SparkContender spark, BenchPrompts prompts) {
    this.s = s;
    this.measure = measure;
    this.spark = spark;
    this.prompts = prompts;
    this.pool = Executors.newFixedThreadPool(s.cores());
  }

  ModelResult run(Path dir) throws Exception {
    String modelId = dir.getFileName().toString();
    CpuLoad load = CpuLoad.start();
    SessionConf conf = new SessionConf(ExecutionDevice.CPU, s.intraOpThreads(), true);
    try (TextModel model = TextModel.load(modelId, dir, conf);
        BareKvLoop bare = new BareKvLoop(dir, s.intraOpThreads())) {
      List<long[]> ids = prompts.texts().stream().map(model.tokenizer()::encode).toList();
      int minPrompt = ids.stream().mapToInt(a -> a.length).min().orElseThrow();
      int maxPrompt = ids.stream().mapToInt(a -> a.length).max().orElseThrow();
      int context = model.lm().contextLength();
      int newTokens = Math.min(s.maxNewTokens(), context - maxPrompt);
      if (newTokens < 1) {
        throw new JobConfigException("model " + modelId + " has a context of " + context
            + " tokens; the longest bench prompt already has " + maxPrompt);
      }
      GenerationParams greedy = greedy(newTokens);

      long[][][] bareIds = new long[1][][];
      long[][][] genIds = new long[1][][];
      Map<String, String> texts = new HashMap<>();
      Map<String, String> sparkTexts = new HashMap<>();
      List<SparkContender.Pass> passes = new ArrayList<>();
      int n = s.cores();
      List<Throughput> t = measure.interleaved(List.of(
          Measure.Contender.wallClock("bare ORT loop", 1,
              cpu -> count(bareIds[0] = bareAll(bare, ids, newTokens))),
          Measure.Contender.wallClock("genpipe Generator (ids)", 1,
              cpu -> count(genIds[0] = generatorAll(model, ids, greedy))),
          Measure.Contender.wallClock("genpipe TextGeneration (text)", 1,
              cpu -> textAll(model, greedy, texts)),
          Measure.Contender.wallClock("bare ORT loop, " + n + " threads", n,
              cpu -> parallel(ids, cpu, part -> count(bareAll(bare, part, newTokens)))),
          Measure.Contender.wallClock("genpipe Generator, " + n + " threads", n,
              cpu -> parallel(ids, cpu, part -> count(generatorAll(model, part, greedy)))),
          new Measure.Contender("Spark job local[" + n + "], generate phase", n, () -> {
            SparkContender.Pass p = sparkPass(modelId, dir, newTokens, ids.size(), sparkTexts);
            passes.add(p);
            return new Throughput.Sample(p.result().tokensOut(), p.result().seconds(),
                p.generateCpuSeconds(), Double.NaN);
          })));
      List<SparkContender.Pass> timed = passes.subList(passes.size() - measure.repeats(),
          passes.size());
      Throughput sparkWall = new Throughput("Spark job local[" + n + "], end to end", n,
          timed.stream().map(p -> new Throughput.Sample(p.result().tokensOut(), p.wallSeconds(),
              p.totalCpuSeconds(), p.jvmCpuSeconds())).toList());

      ModelResult.Probe probe = new LatencyProbe(s, measure).run(model, bare, context);
      return new ModelResult(modelId, dir.toString(), ids.size(), minPrompt, maxPrompt, newTokens,
          context, t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5), sparkWall,
          Arrays.deepEquals(bareIds[0], genIds[0]) && probe.idsIdentical(),
          texts.equals(sparkTexts), medianPass(timed), probe, load.othersShare());
    }
  }

  /** One Spark job run, checked (no errors, every token) and its texts kept; output deleted. */
  private SparkContender.Pass sparkPass(String modelId, Path dir, int newTokens, int rows,
      Map<String, String> texts) throws Exception {
    SparkContender.Pass p = spark.run(dir, prompts.parquet(), s, jobParams(newTokens));
    try {
      checkSpark(modelId, p, (long) rows * newTokens);
      texts.clear();
      texts.putAll(spark.texts(p));
    } finally {
      spark.delete(p);
    }
    return p;
  }

  /** Greedy, no eos and no stop strings: every row generates exactly {@code newTokens}. */
  static GenerationParams greedy(int newTokens) {
    return new GenerationParams(newTokens, false, 1f, 0, 1f, 1f, Set.of(), List.of());
  }

  /** The same parameters as the Spark job's params (over the model's generation_config). */
  static String jobParams(int newTokens) {
    return "{\"max_new_tokens\":" + newTokens + ",\"do_sample\":false,\"repetition_penalty\":1.0,"
        + "\"eos_token_id\":[],\"stop\":[]}";
  }

  private List<List<long[]>> batches(List<long[]> ids) {
    List<List<long[]>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += s.batchSize()) {
      out.add(ids.subList(i, Math.min(ids.size(), i + s.batchSize())));
    }
    return out;
  }

  /** The bare loop over every batch; new ids per row in prompt order. */
  private long[][] bareAll(BareKvLoop bare, List<long[]> ids, int newTokens) throws Exception {
    List<long[]> out = new ArrayList<>();
    for (List<long[]> batch : batches(ids)) {
      out.addAll(List.of(bare.generate(batch.toArray(long[][]::new), newTokens,
          BareKvLoop.StepTimer.NONE)));
    }
    return out.toArray(long[][]::new);
  }

  /** genpipe's Generator over every batch (token ids in, token ids out). */
  private long[][] generatorAll(TextModel model, List<long[]> ids, GenerationParams params) {
    List<long[]> out = new ArrayList<>();
    for (List<long[]> batch : batches(ids)) {
      List<GenerationRequest> requests = new ArrayList<>();
      for (long[] p : batch) {
        requests.add(new GenerationRequest("r" + requests.size(), p, params, new SplittableRandom(0)));
      }
      for (GenerationResult r : new Generator(model.lm(), null, null).generate(requests)) {
        out.add(r.newIds());
      }
    }
    return out.toArray(long[][]::new);
  }

  /** genpipe's TextGeneration over every batch (text in, text out); returns tokens generated. */
  private long textAll(TextModel model, GenerationParams params, Map<String, String> texts) {
    long tokens = 0;
    for (int i = 0; i < prompts.size(); i += s.batchSize()) {
      List<TextRequest> batch = new ArrayList<>();
      for (int j = i; j < Math.min(prompts.size(), i + s.batchSize()); j++) {
        batch.add(new TextRequest(prompts.ids().get(j), prompts.texts().get(j), params, 0L));
      }
      for (TextResult r : model.generation(null).generate(batch)) {
        if (!r.isOk()) {
          throw new IllegalStateException("row " + r.id() + " failed: " + r.errorMessage());
        }
        tokens += r.tokensOut();
        texts.put(r.id(), r.text());
      }
    }
    return tokens;
  }

  /**
   * Work on {@code cores} contiguous shares of the prompts at once; returns the summed tokens and
   * adds the workers' CPU time to {@code cpu}.
   */
  private long parallel(List<long[]> ids, LongAdder cpu, Share work) throws Exception {
    int n = s.cores();
    List<Future<Long>> futures = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      List<long[]> part = ids.subList(ids.size() * t / n, ids.size() * (t + 1) / n);
      futures.add(pool.submit(() -> {
        long c0 = Measure.threadCpuNanos();
        try {
          return work.tokens(part);
        } finally {
          cpu.add(Measure.threadCpuNanos() - c0);
        }
      }));
    }
    long tokens = 0;
    for (Future<Long> f : futures) {
      tokens += f.get();
    }
    return tokens;
  }

  @FunctionalInterface
  private interface Share {
    long tokens(List<long[]> part) throws Exception;
  }

  private static long count(long[][] ids) {
    long n = 0;
    for (long[] row : ids) {
      n += row.length;
    }
    return n;
  }

  private static SparkContender.Pass medianPass(List<SparkContender.Pass> passes) {
    List<SparkContender.Pass> sorted = new ArrayList<>(passes);
    sorted.sort(Comparator.comparingDouble(p -> p.result().seconds()));
    return sorted.get(sorted.size() / 2);
  }

  private static void checkSpark(String modelId, SparkContender.Pass p, long expectedTokens) {
    if (p.result().errors() > 0 || p.result().tokensOut() != expectedTokens) {
      throw new IllegalStateException("Spark job on " + modelId + " gave " + p.result().errors()
          + " error rows and " + p.result().tokensOut() + " tokens; expected 0 errors and "
          + expectedTokens + " tokens (manifest " + p.result().manifest() + ")");
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
