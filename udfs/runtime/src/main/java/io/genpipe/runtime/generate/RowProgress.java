package io.genpipe.runtime.generate;

import io.genpipe.runtime.sample.LogitsProcessor;
import java.util.Arrays;
import java.util.List;

/** The mutable state of one row inside a batch: its history and whether it has finished. */
final class RowProgress {
  final GenerationRequest request;
  private final List<LogitsProcessor> processors;
  private final long[] history;
  private final int promptLength;
  private final int limit;
  private final boolean limitedByContext;
  private int length;
  private FinishReason finish;
  private String stopString;
  private long latencyNanos;

  RowProgress(GenerationRequest request, int contextLength) {
    this.request = request;
    this.processors = request.params().processors();
    this.promptLength = request.promptIds().length;
    int room = contextLength - promptLength;
    this.limit = Math.min(request.params().maxNewTokens(), room);
    this.limitedByContext = room < request.params().maxNewTokens();
    this.history = Arrays.copyOf(request.promptIds(), promptLength + limit);
    this.length = promptLength;
  }

  /** Processes the logits (in place), samples, appends; returns the chosen id. */
  long choose(float[] logits) {
    for (LogitsProcessor p : processors) {
      p.process(logits, history, length);
    }
    long token = request.params().sampler().sample(logits, request.rng());
    history[length++] = token;
    return token;
  }

  /** Decides whether the row is done after its last token; records why and when. */
  void checkFinished(StopStrings decoder, long elapsedNanos) {
    long last = history[length - 1];
    int generated = length - promptLength;
    if (request.params().eosTokenIds().contains(last)) {
      finish = FinishReason.EOS;
    } else if (!request.params().stop().isEmpty() && decoder != null
        && (stopString = stopStringIn(decoder, generated)) != null) {
      finish = FinishReason.STOP_STRING;
    } else if (generated >= limit) {
      finish = limitedByContext ? FinishReason.CONTEXT_FULL : FinishReason.MAX_NEW_TOKENS;
    }
    if (finish != null) {
      latencyNanos = elapsedNanos;
    }
  }

  /**
   * The first stop string in the continuation, or null. A stop string that appears now ends in the
   * last token's text (earlier steps saw everything before it), so only a tail of the continuation
   * is decoded each step, wide enough to hold the longest stop string several times over, widened
   * while its text is shorter than that (tokens may decode to nothing); only when the tail holds a
   * stop string is the whole continuation decoded, to report the first one as before. This keeps
   * the watch O(tokens) per row instead of decoding the whole continuation on every step.
   */
  private String stopStringIn(StopStrings decoder, int generated) {
    List<String> stops = request.params().stop();
    int longest = stops.stream().mapToInt(String::length).max().orElse(0);
    int window = Math.min(generated, 8 + 4 * longest);
    while (true) {
      String tail = decoder.decode(Arrays.copyOfRange(history, length - window, length), window);
      if (StopStrings.firstIn(tail, stops) != null) {
        return StopStrings.firstIn(decoder.decode(newIds(), generated), stops);
      }
      if (window == generated || tail.length() >= 2 * longest + 8) {
        return null;
      }
      window = Math.min(generated, window * 2);
    }
  }

  boolean finished() {
    return finish != null;
  }

  long[] newIds() {
    return Arrays.copyOfRange(history, promptLength, length);
  }

  GenerationResult result() {
    return new GenerationResult(request.id(), newIds(), finish, stopString, latencyNanos);
  }
}
