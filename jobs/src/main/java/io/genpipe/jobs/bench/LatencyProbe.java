package io.genpipe.jobs.bench;

import io.genpipe.onnx.TextModel;
import io.genpipe.runtime.generate.GenerationParams;
import io.genpipe.runtime.generate.GenerationRequest;
import io.genpipe.runtime.generate.Generator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One row, long greedy generation: per-token decode time against cache length for the bare loop
 * and for genpipe (through the runtime's step observer), plus what a token would cost at the same
 * positions without a cache (one full forward pass over the sequence so far). With a working
 * key/value cache the per-token time stays nearly flat while the no-cache cost grows with length.
 */
final class LatencyProbe {
  static final String PROMPT = "Once upon a time";

  private final BenchSettings s;
  private final Measure measure;

  LatencyProbe(BenchSettings s, Measure measure) {
    this.s = s;
    this.measure = measure;
  }

  /** Runs the probe: one warm-up, then the timed repeats, then the no-cache comparison. */
  ModelResult.Probe run(TextModel model, BareKvLoop bare, int context) throws Exception {
    long[] prompt = model.tokenizer().encode(PROMPT);
    int newTokens = Math.min(s.latencyTokens(), context - prompt.length);
    GenerationParams params = ModelBench.greedy(newTokens);
    DecodeLatency bareLatency = new DecodeLatency();
    DecodeLatency genLatency = new DecodeLatency();
    boolean identical = true;
    long[] bareIds = null;
    for (int i = 0; i < 1 + measure.repeats(); i++) {
      boolean timed = i > 0;
      long[] b = bare.generate(new long[][] {prompt}, newTokens, timed
          ? (past, rows, fed, nanos) -> bareLatency.onStep(past, fed, nanos)
          : BareKvLoop.StepTimer.NONE)[0];
      bareLatency.endRun();
      Generator g = new Generator(model.lm(), null, timed
          ? (past, rows, fed, nanos) -> genLatency.onStep(past, fed, nanos) : null);
      long[] r = g.generate(List.of(new GenerationRequest("probe", prompt, params,
          new SplittableRandom(0)))).get(0).newIds();
      genLatency.endRun();
      identical &= Arrays.equals(b, r);
      bareIds = b;
    }
    long[] sequence = Arrays.copyOf(prompt, prompt.length + bareIds.length);
    System.arraycopy(bareIds, 0, sequence, prompt.length, bareIds.length);
    return new ModelResult.Probe(PROMPT, prompt.length, newTokens, bareLatency, genLatency,
        identical, recompute(bare, sequence, context));
  }

  /** Milliseconds of one cache-less forward pass over p + 1 tokens, per reported position p. */
  private Map<Integer, Double> recompute(BareKvLoop bare, long[] sequence, int context)
      throws Exception {
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (int p : s.positions()) {
      if (p + 1 > sequence.length || p + 1 >= context) {
        out.put(p, Double.NaN);
        continue;
      }
      long[][] ids = {Arrays.copyOf(sequence, p + 1)};
      double[] ms = new double[measure.repeats()];
      long[] nanos = new long[1];
      for (int i = -1; i < measure.repeats(); i++) {
        bare.generate(ids, 1, (past, rows, fed, n) -> nanos[0] = n);
        if (i >= 0) {
          ms[i] = nanos[0] / 1e6;
        }
      }
      out.put(p, Throughput.median(ms));
    }
    return out;
  }

}
