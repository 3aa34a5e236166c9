package io.genpipe.runtime.generate;

import io.genpipe.runtime.sample.LogitsProcessor;
import io.genpipe.runtime.sample.RepetitionPenalty;
import io.genpipe.runtime.sample.Sampler;
import io.genpipe.runtime.sample.Temperature;
import io.genpipe.runtime.sample.TopK;
import io.genpipe.runtime.sample.TopP;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Resolved text-generation parameters of one row, with Hugging Face names and semantics. Ranges
 * are checked here, so a constructed instance is always usable.
 *
 * @param maxNewTokens upper bound on generated tokens (the model's context may end a row sooner)
 * @param doSample false: greedy argmax, and the sampling parameters are ignored (as in HF)
 * @param topK 0 disables top-k filtering
 * @param eosTokenIds generation stops after any of these ids
 * @param stop generation stops when the decoded continuation contains one of these strings; the
 *     text is cut before it
 */
public record GenerationParams(
    int maxNewTokens,
    boolean doSample,
    float temperature,
    int topK,
    float topP,
    float repetitionPenalty,
    Set<Long> eosTokenIds,
    List<String> stop) {

  public static final int MAX_NEW_TOKENS_LIMIT = 1 << 20;
  public static final int MAX_STOP_STRINGS = 16;

  public GenerationParams {
    check(maxNewTokens >= 1 && maxNewTokens <= MAX_NEW_TOKENS_LIMIT,
        "max_new_tokens must be in [1, " + MAX_NEW_TOKENS_LIMIT + "], got " + maxNewTokens);
    check(temperature > 0f && Float.isFinite(temperature),
        "temperature must be a finite number > 0, got " + temperature);
    check(topK >= 0, "top_k must be >= 0 (0 disables it), got " + topK);
    check(topP > 0f && topP <= 1f, "top_p must be in (0, 1], got " + topP);
    check(repetitionPenalty > 0f && Float.isFinite(repetitionPenalty),
        "repetition_penalty must be a finite number > 0, got " + repetitionPenalty);
    eosTokenIds = Set.copyOf(eosTokenIds);
    for (long id : eosTokenIds) {
      check(id >= 0, "eos_token_id must be >= 0, got " + id);
    }
    stop = List.copyOf(stop);
    check(stop.size() <= MAX_STOP_STRINGS,
        "stop takes at most " + MAX_STOP_STRINGS + " strings, got " + stop.size());
    for (String s : stop) {
      check(!s.isEmpty(), "stop strings must not be empty");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new InvalidParamsException(message);
    }
  }

  /** The logits processors in Hugging Face order: repetition penalty, temperature, top-k, top-p. */
  public List<LogitsProcessor> processors() {
    List<LogitsProcessor> chain = new ArrayList<>();
    if (repetitionPenalty != 1f) {
      chain.add(new RepetitionPenalty(repetitionPenalty));
    }
    if (doSample) {
      if (temperature != 1f) {
        chain.add(new Temperature(temperature));
      }
      if (topK > 0) {
        chain.add(new TopK(topK));
      }
      if (topP < 1f) {
        chain.add(new TopP(topP));
      }
    }
    return chain;
  }

  public Sampler sampler() {
    return doSample ? Sampler.MULTINOMIAL : Sampler.GREEDY;
  }
}
