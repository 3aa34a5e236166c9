package io.genpipe.runtime.generate;

import io.genpipe.runtime.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text in, text out for a batch of rows: tokenise, run the {@link Generator}, decode. Rows that
 * cannot run (prompt longer than the context, tokenizer failure) become error results; a failing
 * batch is retried row by row so one bad row cannot take its neighbours down, and a row whose
 * output cannot be decoded is an error result of its own. {@link Error}s are not caught.
 */
public final class TextGeneration {
  private final String modelId;
  private final TextTokenizer tokenizer;
  private final CausalLm model;
  private final StepObserver observer;

  public TextGeneration(String modelId, TextTokenizer tokenizer, CausalLm model,
      StepObserver observer) {
    this.modelId = modelId;
    this.tokenizer = tokenizer;
    this.model = model;
    this.observer = observer;
  }

  /** Results in the order of {@code requests}. */
  public List<TextResult> generate(List<TextRequest> requests) {
    Map<String, TextResult> done = new LinkedHashMap<>();
    Map<String, long[]> prompts = new LinkedHashMap<>();
    List<GenerationRequest> runnable = new ArrayList<>();
    for (TextRequest r : requests) {
      TextResult refused = tokenize(r, prompts);
      if (refused != null) {
        done.put(r.id(), refused);
      } else {
        runnable.add(new GenerationRequest(r.id(), prompts.get(r.id()), r.params(),
            RowSeeds.generator(r.seed(), r.id())));
      }
    }
    for (GenerationResult g : runBatch(runnable)) {
      done.put(g.id(), decoded(g, prompts.get(g.id())));
    }
    for (TextRequest r : requests) {
      if (!done.containsKey(r.id())) {
        done.put(r.id(), runAlone(r, prompts.get(r.id())));
      }
    }
    return requests.stream().map(r -> done.get(r.id())).toList();
  }

  private TextResult tokenize(TextRequest r, Map<String, long[]> prompts) {
    long[] ids;
    try {
      ids = tokenizer.encode(r.prompt());
    } catch (RuntimeException e) {
      return TextResult.error(r.id(), 0, "tokenizer_error",
          "row " + r.id() + ": model " + modelId + " could not tokenize the prompt: " + e.getMessage());
    }
    if (ids.length == 0) {
      return TextResult.error(r.id(), 0, "empty_prompt", "row " + r.id() + ": prompt gives no tokens for model "
          + modelId + "; give a non-empty prompt");
    }
    if (ids.length >= model.contextLength()) {
      return TextResult.error(r.id(), ids.length, "prompt_too_long", "row " + r.id() + ": prompt has " + ids.length
          + " tokens but model " + modelId + " has a context of " + model.contextLength()
          + " tokens (prompt and new tokens together); shorten the prompt");
    }
    prompts.put(r.id(), ids);
    return null;
  }

  private List<GenerationResult> runBatch(List<GenerationRequest> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    try {
      return newGenerator().generate(batch);
    } catch (RuntimeException e) {
      return List.of(); // retried row by row by the caller, where a failure becomes a row error
    }
  }

  private TextResult runAlone(TextRequest r, long[] promptIds) {
    // A fresh generator: the retried row must draw the same numbers as in a batch.
    GenerationRequest fresh = new GenerationRequest(r.id(), promptIds, r.params(),
        RowSeeds.generator(r.seed(), r.id()));
    GenerationResult g;
    try {
      g = newGenerator().generate(List.of(fresh)).get(0);
    } catch (RuntimeException e) {
      return TextResult.error(r.id(), promptIds.length, "generation_error",
          "row " + r.id() + ": model " + modelId + " failed: " + e.getMessage());
    }
    return decoded(g, promptIds);
  }

  /** The row's text, or a {@code decode_error} result when decoding or stop cutting fails. */
  private TextResult decoded(GenerationResult g, long[] promptIds) {
    try {
      return toText(g, promptIds);
    } catch (RuntimeException e) {
      return TextResult.error(g.id(), promptIds.length, "decode_error", "row " + g.id()
          + ": model " + modelId + " generated " + g.newIds().length + " tokens that could not be "
          + "decoded: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Generator newGenerator() {
    return new Generator(model, this::decodeContinuation, observer);
  }

  private String decodeContinuation(long[] newIds, int length) {
    return tokenizer.decode(Arrays.copyOf(newIds, length));
  }

  private TextResult toText(GenerationResult g, long[] promptIds) {
    String text = continuation(promptIds, g.newIds());
    if (g.stopString() != null) {
      text = text.substring(0, text.indexOf(g.stopString()));
    }
    return TextResult.ok(g.id(), text, promptIds.length, g.newIds().length, g.finishReason(),
        g.latencyNanos() / 1_000_000);
  }

  /**
   * The decoded continuation. Decoding prompt and continuation together and removing the decoded
   * prompt keeps word boundaries right for SentencePiece-style tokenizers, whose decoders drop the
   * leading space of the first token they see.
   */
  private String continuation(long[] promptIds, long[] newIds) {
    long[] all = Arrays.copyOf(promptIds, promptIds.length + newIds.length);
    System.arraycopy(newIds, 0, all, promptIds.length, newIds.length);
    String full = tokenizer.decode(all);
    String prompt = tokenizer.decode(promptIds);
    return full.startsWith(prompt) ? full.substring(prompt.length()) : tokenizer.decode(newIds);
  }
}
