package io.genpipe.onnx;

import io.genpipe.runtime.generate.GenerationDefaults;
import io.genpipe.runtime.generate.StepObserver;
import io.genpipe.runtime.generate.TextGeneration;
import io.genpipe.runtime.tokenize.HfTokenizer;
import java.nio.file.Path;

/**
 * A loaded text model: tokenizer, ONNX decoder and generation defaults of one model folder. One
 * instance per executor JVM is shared by all its tasks; closing releases the native sessions.
 */
public final class TextModel implements AutoCloseable {
  private final String modelId;
  private final HfTokenizer tokenizer;
  private final OnnxCausalLm lm;
  private final GenerationDefaults defaults;

  private TextModel(String modelId, HfTokenizer tokenizer, OnnxCausalLm lm,
      GenerationDefaults defaults) {
    this.modelId = modelId;
    this.tokenizer = tokenizer;
    this.lm = lm;
    this.defaults = defaults;
  }

  public static TextModel load(String modelId, Path dir, SessionConf conf) {
    GenerationDefaults defaults = GenerationDefaults.fromModelDir(dir);
    HfTokenizer tokenizer = HfTokenizer.load(dir);
    try {
      return new TextModel(modelId, tokenizer, OnnxCausalLm.load(modelId, dir, conf), defaults);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  public TextGeneration generation(StepObserver observer) {
    return new TextGeneration(modelId, tokenizer, lm, observer);
  }

  public GenerationDefaults defaults() {
    return defaults;
  }

  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  public OnnxCausalLm lm() {
    return lm;
  }

  public String modelId() {
    return modelId;
  }

  public ExecutionDevice device() {
    return lm.device();
  }

  @Override
  public void close() {
    try {
      lm.close();
    } finally {
      tokenizer.close();
    }
  }
}
