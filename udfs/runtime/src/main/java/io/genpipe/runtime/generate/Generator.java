package io.genpipe.runtime.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one generation loop for every decoder-only model: left-padded prefill of the whole batch,
 * then one token per row per step with the key/value cache. Rows finish independently (eos, stop
 * string, token budget, context); finished rows leave the batch so later steps compute only live
 * rows. Each row samples from its own generator, so its output does not depend on its neighbours.
 */
public final class Generator {
  private final CausalLm model;
  private final StopStrings decoder;
  private final StepObserver observer;

  /**
   * @param decoder decodes continuations for stop strings; may be null when no row uses them
   */
  public Generator(CausalLm model, StopStrings decoder, StepObserver observer) {
    this.model = model;
    this.decoder = decoder;
    this.observer = observer == null ? StepObserver.NONE : observer;
  }

  /**
   * Generates for every request; every prompt must be shorter than the model's context (callers
   * turn longer prompts into row errors before this point).
   */
  public List<GenerationResult> generate(List<GenerationRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<RowProgress> rows = new ArrayList<>();
    for (GenerationRequest r : requests) {
      if (r.promptIds().length >= model.contextLength()) {
        throw new IllegalArgumentException("row " + r.id() + ": prompt of " + r.promptIds().length
            + " tokens does not fit the model context of " + model.contextLength());
      }
      rows.add(new RowProgress(r, model.contextLength()));
    }
    long start = System.nanoTime();
    try (DecoderState state = model.start(rows.size())) {
      run(state, rows, start);
    }
    return rows.stream().map(RowProgress::result).toList();
  }

  private void run(DecoderState state, List<RowProgress> rows, long start) {
    long[][] tokens = leftPaddedPrompts(rows);
    long[][] mask = promptMask(rows, tokens[0].length);
    List<RowProgress> live = rows;
    int past = 0;
    while (true) {
      long t0 = System.nanoTime();
      float[][] logits = state.step(tokens, mask);
      observer.onStep(past, live.size(), tokens[0].length, System.nanoTime() - t0);
      past += tokens[0].length;
      long[] chosen = new long[live.size()];
      for (int i = 0; i < live.size(); i++) {
        chosen[i] = live.get(i).choose(logits[i]);
        live.get(i).checkFinished(decoder, System.nanoTime() - start);
      }
      int[] keep = liveIndices(live);
      if (keep.length == 0) {
        return;
      }
      if (keep.length < live.size()) {
        state.retain(keep);
        live = select(live, keep);
        mask = select(mask, keep);
        chosen = select(chosen, keep);
      }
      tokens = column(chosen);
      mask = appendOnes(mask);
    }
  }

  private long[][] leftPaddedPrompts(List<RowProgress> rows) {
    int width = rows.stream().mapToInt(r -> r.request.promptIds().length).max().orElseThrow();
    long[][] tokens = new long[rows.size()][width];
    for (int i = 0; i < rows.size(); i++) {
      long[] ids = rows.get(i).request.promptIds();
      Arrays.fill(tokens[i], model.padTokenId());
      System.arraycopy(ids, 0, tokens[i], width - ids.length, ids.length);
    }
    return tokens;
  }

  private static long[][] promptMask(List<RowProgress> rows, int width) {
    long[][] mask = new long[rows.size()][width];
    for (int i = 0; i < rows.size(); i++) {
      Arrays.fill(mask[i], width - rows.get(i).request.promptIds().length, width, 1L);
    }
    return mask;
  }

  private static int[] liveIndices(List<RowProgress> live) {
    return java.util.stream.IntStream.range(0, live.size())
        .filter(i -> !live.get(i).finished()).toArray();
  }

  private static <T> List<T> select(List<T> list, int[] keep) {
    List<T> out = new ArrayList<>(keep.length);
    for (int k : keep) {
      out.add(list.get(k));
    }
    return out;
  }

  private static long[][] select(long[][] rows, int[] keep) {
    long[][] out = new long[keep.length][];
    for (int i = 0; i < keep.length; i++) {
      out[i] = rows[keep[i]];
    }
    return out;
  }

  private static long[] select(long[] values, int[] keep) {
    long[] out = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      out[i] = values[keep[i]];
    }
    return out;
  }

  private static long[][] column(long[] values) {
    long[][] out = new long[values.length][1];
    for (int i = 0; i < values.length; i++) {
      out[i][0] = values[i];
    }
    return out;
  }

  private static long[][] appendOnes(long[][] mask) {
    long[][] out = new long[mask.length][];
    for (int i = 0; i < mask.length; i++) {
      out[i] = Arrays.copyOf(mask[i], mask[i].length + 1);
      out[i][mask[i].length] = 1L;
    }
    return out;
  }
}
