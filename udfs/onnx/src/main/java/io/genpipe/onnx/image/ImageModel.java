package io.genpipe.onnx.image;

import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.OnnxModelException;
import io.genpipe.onnx.SessionConf;
import io.genpipe.runtime.image.ClipTokenizers;
import io.genpipe.runtime.image.DiffusionPipeline;
import io.genpipe.runtime.image.ImageBatchLimits;
import io.genpipe.runtime.image.ImageDefaults;
import io.genpipe.runtime.image.ImageRequest;
import io.genpipe.runtime.image.ImageResult;
import io.genpipe.runtime.image.ModelConfigException;
import io.genpipe.runtime.image.PromptTokenizer;
import io.genpipe.runtime.image.SchedulerConfig;
import io.genpipe.runtime.image.SchedulerName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded Stable Diffusion ONNX folder (SD 1.x/2.x, SD-Turbo, LCM; diffusers-script or Optimum
 * exports): tokenizer, scheduler config, and sessions of {@code text_encoder}, {@code unet} and
 * {@code vae_decoder}, with input types and sizes read from the models' declarations. One instance
 * per executor JVM is shared by all its tasks (thread-safe); closing releases the native sessions.
 */
public final class ImageModel implements AutoCloseable {
  private final String modelId;
  private final List<SdSession> sessions;
  private final PromptTokenizer tokenizer;
  private final DiffusionPipeline pipeline;
  private final ImageDefaults defaults;
  private final long hiddenSize;

  private ImageModel(String modelId, List<SdSession> sessions, PromptTokenizer tokenizer,
      DiffusionPipeline pipeline, ImageDefaults defaults, long hiddenSize) {
    this.modelId = modelId;
    this.sessions = sessions;
    this.tokenizer = tokenizer;
    this.pipeline = pipeline;
    this.defaults = defaults;
    this.hiddenSize = hiddenSize;
  }

  /**
   * Opens the model in {@code dir}.
   *
   * @throws OnnxModelException naming the model and the file when a part is missing, malformed or
   *     of an unsupported kind
   */
  public static ImageModel load(String modelId, Path dir, SessionConf conf) {
    List<SdSession> opened = new ArrayList<>();
    PromptTokenizer tokenizer = null;
    try {
      SchedulerConfig schedulers = SchedulerConfig.read(dir.resolve("scheduler/scheduler_config.json"));
      SchedulerName defaultScheduler = schedulers.defaultScheduler();
      tokenizer = ClipTokenizers.load(dir.resolve("tokenizer"));
      SdTextEncoder text = new SdTextEncoder(add(opened, SdSession.open(modelId, dir, "text_encoder", conf)));
      SdUnet unet = new SdUnet(add(opened, SdSession.open(modelId, dir, "unet", conf)), dir);
      SdVaeDecoder vae = new SdVaeDecoder(add(opened, SdSession.open(modelId, dir, "vae_decoder", conf)), dir);
      OnnxDiffusionBackend backend = new OnnxDiffusionBackend(modelId, text, unet, vae, tokenizer.length());
      int size = backend.nativeSize() > 0 ? backend.nativeSize() : 512;
      ImageDefaults defaults = ImageDefaults.forModel(defaultScheduler, size, backend.timestepCondDim() > 0);
      DiffusionPipeline pipeline = new DiffusionPipeline(modelId, backend, tokenizer, schedulers);
      return new ImageModel(modelId, opened, tokenizer, pipeline, defaults, backend.hiddenSize());
    } catch (ModelConfigException e) {
      closeAll(opened, tokenizer);
      throw new OnnxModelException("model " + modelId + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(opened, tokenizer);
      throw e;
    }
  }

  private static SdSession add(List<SdSession> opened, SdSession s) {
    opened.add(s);
    return s;
  }

  private static void closeAll(List<SdSession> sessions, PromptTokenizer tokenizer) {
    sessions.forEach(SdSession::close);
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  /**
   * Generates one image per request, in order. Rows are batched when compatible (same size,
   * steps, scheduler, guidance on/off); a row whose parameters or latents file are invalid gets
   * an error result naming the parameter.
   */
  public List<ImageResult> generate(List<ImageRequest> requests) {
    return pipeline.generate(requests);
  }

  /** {@link #generate(List)} with rows per batch bounded by {@code limits} for their size. */
  public List<ImageResult> generate(List<ImageRequest> requests, ImageBatchLimits limits) {
    return pipeline.generate(requests, limits);
  }

  /** The model's defaults (size, steps, guidance, scheduler), for resolving row parameters. */
  public ImageDefaults defaults() {
    return defaults;
  }

  public String modelId() {
    return modelId;
  }

  /** The text encoder's hidden size as the exports declare it (768 SD 1.x, 1024 SD 2.x), or -1. */
  public long hiddenSize() {
    return hiddenSize;
  }

  /** The device the UNet really runs on (CPU when CUDA fell back). */
  public ExecutionDevice device() {
    return sessions.get(1).device();
  }

  @Override
  public void close() {
    closeAll(sessions, tokenizer);
  }
}
