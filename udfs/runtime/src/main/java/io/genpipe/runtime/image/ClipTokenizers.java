package io.genpipe.runtime.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a model's {@code tokenizer/} folder in whichever format it was saved. */
public final class ClipTokenizers {
  private ClipTokenizers() {}

  /**
   * {@code vocab.json} + {@code merges.txt} (pure Java) when present, else {@code tokenizer.json}
   * (DJL / Rust tokenizers).
   */
  public static PromptTokenizer load(Path tokenizerDir) {
    if (Files.isRegularFile(tokenizerDir.resolve("vocab.json"))
        && Files.isRegularFile(tokenizerDir.resolve("merges.txt"))) {
      return ClipBpeTokenizer.load(tokenizerDir);
    }
    if (Files.isRegularFile(tokenizerDir.resolve("tokenizer.json"))) {
      return ClipHfTokenizer.load(tokenizerDir);
    }
    throw new ModelConfigException("no CLIP tokenizer in " + tokenizerDir + ": expected vocab.json "
        + "+ merges.txt or tokenizer.json (export the pipeline with its tokenizer)");
  }
}
