package io.genpipe.onnx;

import io.genpipe.runtime.generate.CausalLm;
import io.genpipe.runtime.generate.DecoderState;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A decoder-only LM exported to ONNX in one of Optimum's layouts: {@code model.onnx} (with past),
 * {@code decoder_model_merged.onnx} (with {@code use_cache_branch}), or the legacy pair
 * {@code decoder_model.onnx} + {@code decoder_with_past_model.onnx}. Thread-safe: sessions are
 * shared, each batch has its own {@link DecoderState}.
 */
public final class OnnxCausalLm implements CausalLm, AutoCloseable {
  final String modelId;
  final OpenSession withPast;
  /** The no-past first-step session of the legacy pair layout, else null. */
  final OpenSession firstStep;
  final DecoderLayout layout;
  private final int contextLength;

  private OnnxCausalLm(String modelId, OpenSession withPast, OpenSession firstStep,
      DecoderLayout layout, int contextLength) {
    this.modelId = modelId;
    this.withPast = withPast;
    this.firstStep = firstStep;
    this.layout = layout;
    this.contextLength = contextLength;
  }

  /** Opens the decoder found in {@code dir}. */
  public static OnnxCausalLm load(String modelId, Path dir, SessionConf conf) {
    ModelConfig config = ModelConfig.read(dir);
    Path single = first(dir, "model.onnx", "decoder_model_merged.onnx");
    Path withPastFile = single != null ? single : existing(dir.resolve("decoder_with_past_model.onnx"));
    Path firstFile = single != null ? null : existing(dir.resolve("decoder_model.onnx"));
    if (withPastFile == null || (single == null && firstFile == null)) {
      throw new OnnxModelException("model folder " + dir + " has no decoder: expected model.onnx, "
          + "decoder_model_merged.onnx, or decoder_model.onnx + decoder_with_past_model.onnx "
          + "(an Optimum export with task text-generation-with-past)");
    }
    OpenSession main = OpenSession.open(withPastFile, conf);
    OpenSession firstSession = null;
    try {
      DecoderLayout layout = DecoderLayout.read(modelId, main.session(), config);
      firstSession = firstFile == null ? null : OpenSession.open(firstFile, conf);
      int context = config.contextLength().orElse(Integer.MAX_VALUE / 2);
      return new OnnxCausalLm(modelId, main, firstSession, layout, context);
    } catch (RuntimeException e) {
      main.close();
      if (firstSession != null) {
        firstSession.close();
      }
      throw e;
    }
  }

  private static Path first(Path dir, String... names) {
    for (String n : names) {
      Path p = existing(dir.resolve(n));
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static Path existing(Path p) {
    return Files.isRegularFile(p) ? p : null;
  }

  @Override
  public DecoderState start(int batchSize) {
    return new OnnxDecoderState(this, batchSize);
  }

  @Override
  public int vocabSize() {
    return layout.vocabSize;
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  @Override
  public long padTokenId() {
    return 0;
  }

  /** The device the sessions really run on (CPU when CUDA fell back). */
  public ExecutionDevice device() {
    return withPast.device();
  }

  public int layers() {
    return layout.slots.size() / 2;
  }

  @Override
  public void close() {
    try {
      withPast.close();
    } finally {
      if (firstStep != null) {
        firstStep.close();
      }
    }
  }
}
