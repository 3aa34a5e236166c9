package io.genpipe.jobs.bench;

import java.util.Map;

/**
 * Everything measured on one model.
 *
 * @param newTokens new tokens per row actually generated (the requested number, capped so that the
 *     longest prompt fits the context)
 * @param bare the bare ONNX Runtime loop, one thread
 * @param genpipe the genpipe runtime's {@code Generator} on token ids, one thread
 * @param genpipeText genpipe's {@code TextGeneration} (tokenise, generate, decode), one thread
 * @param bareParallel the bare loop on {@code cores} threads, each on its share of the prompts
 * @param genpipeParallel the genpipe {@code Generator} likewise
 * @param spark the Spark job's generate phase ({@code RunResult.seconds})
 * @param sparkWall the whole {@code GenerationJob.run} call, validation included
 * @param idsIdentical bare and genpipe gave the same ids, batched and in the latency probe
 * @param sparkTextsIdentical the Spark manifest's texts equal genpipe's TextGeneration texts
 * @param sparkPass the timed Spark pass with the median generate phase (for its breakdown)
 * @param othersCpuShare share of the machine's CPU time used by other processes meanwhile
 */
record ModelResult(
    String modelId,
    String dir,
    int prompts,
    int minPromptTokens,
    int maxPromptTokens,
    int newTokens,
    int contextLength,
    Throughput bare,
    Throughput genpipe,
    Throughput genpipeText,
    Throughput bareParallel,
    Throughput genpipeParallel,
    Throughput spark,
    Throughput sparkWall,
    boolean idsIdentical,
    boolean sparkTextsIdentical,
    SparkContender.Pass sparkPass,
    Probe probe,
    double othersCpuShare) {

  /**
   * The one-row decode-latency probe.
   *
   * @param promptTokens tokens of the probe prompt
   * @param newTokens tokens it generated
   * @param idsIdentical bare and genpipe generated the same ids in every probe run
   * @param recomputeMs per position p, the bare loop's one forward pass over p + 1 tokens without
   *     a cache: what each token would cost there if the cache were recomputed (NaN beyond the
   *     context)
   */
  record Probe(String prompt, int promptTokens, int newTokens, DecodeLatency bare,
      DecodeLatency genpipe, boolean idsIdentical, Map<Integer, Double> recomputeMs) {}

  double ratio(Throughput num, Throughput den) {
    return den.tokensPerSecond() > 0 ? num.tokensPerSecond() / den.tokensPerSecond() : 0;
  }
}
