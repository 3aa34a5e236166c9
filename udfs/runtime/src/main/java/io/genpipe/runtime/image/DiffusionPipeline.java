package io.genpipe.runtime.image;

import io.genpipe.runtime.generate.InvalidParamsException;
import io.genpipe.runtime.generate.RowSeeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Text-to-image generation as diffusers' Stable Diffusion pipeline does it, over any
 * {@link DiffusionBackend}: rows are grouped into batches of compatible rows (same size, steps,
 * scheduler, guidance on/off); each batch encodes its prompts once (unconditional half first when
 * guided), runs the denoising loop with {@code noise = uncond + scale * (cond - uncond)}, and
 * decodes. Each row draws its initial noise and any sampler noise from its own generator, so its
 * image does not depend on its batch neighbours. A batch that fails at run time (an engine error,
 * such as a size a fixed-shape export refuses) becomes error results for exactly its rows, and the
 * other batches go on; {@link Error}s such as {@link OutOfMemoryError} are not caught. Thread-safe.
 */
public final class DiffusionPipeline {
  /** The error class of rows whose batch failed at run time. */
  public static final String GENERATION_ERROR = "generation_error";

  private final String modelId;
  private final DiffusionBackend backend;
  private final PromptTokenizer tokenizer;
  private final SchedulerConfig schedulerConfig;

  /** @param modelId names the model in error messages */
  public DiffusionPipeline(String modelId, DiffusionBackend backend, PromptTokenizer tokenizer,
      SchedulerConfig schedulerConfig) {
    this.modelId = modelId;
    this.backend = backend;
    this.tokenizer = tokenizer;
    this.schedulerConfig = schedulerConfig;
  }

  /** {@link #generate(List, ImageBatchLimits)} with {@link ImageBatchLimits#DEFAULT}. */
  public List<ImageResult> generate(List<ImageRequest> requests) {
    return generate(requests, ImageBatchLimits.DEFAULT);
  }

  /**
   * One result per request, in request order; invalid rows get error results. Compatible rows run
   * together, as many per batch as {@code limits} allow for their size.
   */
  public List<ImageResult> generate(List<ImageRequest> requests, ImageBatchLimits limits) {
    ImageResult[] out = new ImageResult[requests.size()];
    Map<BatchKey, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      groups.computeIfAbsent(BatchKey.of(requests.get(i).params(), backend.timestepCondDim() > 0),
          k -> new ArrayList<>()).add(i);
    }
    groups.forEach((key, indices) -> {
      int maxBatch = limits.rowsPerBatch(key);
      for (int from = 0; from < indices.size(); from += maxBatch) {
        List<Integer> chunk = indices.subList(from, Math.min(indices.size(), from + maxBatch));
        List<ImageResult> results = runBatch(key, chunk.stream().map(requests::get).toList());
        for (int j = 0; j < chunk.size(); j++) {
          out[chunk.get(j)] = results.get(j);
        }
      }
    });
    return Arrays.asList(out);
  }

  private List<ImageResult> runBatch(BatchKey key, List<ImageRequest> rows) {
    try {
      return runValidBatch(key, rows);
    } catch (RuntimeException e) {
      String message = "model " + modelId + ": the batch of rows " + rows.stream()
          .map(ImageRequest::id).toList() + " (" + key.width() + "x" + key.height() + ", "
          + key.steps() + " steps, " + key.scheduler().wireName() + ") failed: "
          + e.getClass().getSimpleName() + ": " + e.getMessage();
      return rows.stream().map(r -> ImageResult.error(r, GENERATION_ERROR, message)).toList();
    }
  }

  private List<ImageResult> runValidBatch(BatchKey key, List<ImageRequest> rows) {
    Scheduler scheduler;
    try {
      scheduler = Schedulers.create(schedulerConfig, key.scheduler(), key.steps());
    } catch (InvalidParamsException e) {
      return rows.stream().map(r -> ImageResult.error(r, "invalid_params", e.getMessage())).toList();
    } catch (ModelConfigException e) {
      return rows.stream().map(r -> ImageResult.error(r, "model_config", e.getMessage())).toList();
    }
    ImageResult[] results = new ImageResult[rows.size()];
    List<Row> live = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      try {
        live.add(Row.start(i, rows.get(i), scheduler, backend.latentChannels()));
      } catch (InvalidParamsException e) {
        results[i] = ImageResult.error(rows.get(i), "invalid_params", e.getMessage());
      }
    }
    if (!live.isEmpty()) {
      new BatchRun(key, scheduler, live).run(results);
    }
    return Arrays.asList(results);
  }

  /** One row's mutable state through the loop. */
  private record Row(int index, ImageRequest request, RandomGenerator rng, float[] latents) {
    static Row start(int index, ImageRequest r, Scheduler scheduler, int channels) {
      RandomGenerator rng = RowSeeds.generator(r.seed(), r.id());
      ImageParams p = r.params();
      float[] latents;
      if (p.latents() != null) {
        latents = LatentsFile.read(Path.of(p.latents()), channels, p.latentHeight(), p.latentWidth());
      } else {
        latents = new float[channels * p.latentHeight() * p.latentWidth()];
        Gaussian.fill(latents, rng);
      }
      float sigma = scheduler.initNoiseSigma();
      for (int i = 0; i < latents.length; i++) {
        latents[i] *= sigma;
      }
      return new Row(index, r, rng, latents);
    }
  }

  /** The encode / denoise / decode of one batch. */
  private final class BatchRun {
    private final BatchKey key;
    private final Scheduler scheduler;
    private final List<Row> rows;
    private final int lh;
    private final int lw;

    BatchRun(BatchKey key, Scheduler scheduler, List<Row> rows) {
      this.key = key;
      this.scheduler = scheduler;
      this.rows = rows;
      this.lh = key.height() / ImageParams.SIZE_MULTIPLE;
      this.lw = key.width() / ImageParams.SIZE_MULTIPLE;
    }

    void run(ImageResult[] results) {
      long start = System.nanoTime();
      int[] promptTokens = new int[rows.size()];
      float[][] text = encode(promptTokens);
      long encoded = System.nanoTime();
      float[][] cond = guidanceEmbeddings();
      for (int step = 0; step < scheduler.steps(); step++) {
        denoise(step, text, cond);
      }
      long denoised = System.nanoTime();
      float[][] images = decode();
      long done = System.nanoTime();
      ImageTimings timings = new ImageTimings(ms(encoded - start), ms(denoised - encoded),
          ms(done - denoised), ms(done - start), rows.size());
      for (int r = 0; r < rows.size(); r++) {
        Row row = rows.get(r);
        RgbImage image = RgbImage.fromDecoderOutput(images[r], key.width(), key.height());
        results[row.index()] = ImageResult.ok(row.request(), image, timings, promptTokens[r]);
      }
    }

    /** Unconditional rows (negative prompts) first when guided, then the prompts. */
    private float[][] encode(int[] promptTokens) {
      int n = rows.size();
      int[][] ids = new int[key.guided() ? 2 * n : n][];
      for (int r = 0; r < n; r++) {
        ImageRequest q = rows.get(r).request();
        TokenizedPrompt prompt = tokenizer.encode(q.prompt());
        promptTokens[r] = prompt.promptTokens();
        if (key.guided()) {
          ids[r] = tokenizer.encode(q.params().negativePrompt()).ids();
          ids[n + r] = prompt.ids();
        } else {
          ids[r] = prompt.ids();
        }
      }
      return backend.encodeText(ids);
    }

    private float[][] guidanceEmbeddings() {
      int dim = backend.timestepCondDim();
      if (dim == 0) {
        return null;
      }
      float[][] out = new float[rows.size()][];
      for (int r = 0; r < out.length; r++) {
        out[r] = GuidanceEmbedding.of(rows.get(r).request().params().guidanceScale(), dim);
      }
      return out;
    }

    private void denoise(int step, float[][] text, float[][] cond) {
      int n = rows.size();
      float[][] samples = new float[key.guided() ? 2 * n : n][];
      for (int r = 0; r < n; r++) {
        float[] input = rows.get(r).latents().clone();
        scheduler.scaleModelInput(input, step);
        samples[r] = input;
        if (key.guided()) {
          samples[n + r] = input;
        }
      }
      float[][] predicted = backend.predictNoise(new DiffusionBackend.UnetBatch(samples, lh, lw,
          scheduler.timestep(step), text, cond));
      for (int r = 0; r < n; r++) {
        Row row = rows.get(r);
        float[] noise = key.guided()
            ? guide(predicted[r], predicted[n + r], row.request().params().guidanceScale())
            : predicted[r];
        scheduler.step(noise, step, row.latents(), row.rng());
      }
    }

    private float[][] decode() {
      float[][] scaled = new float[rows.size()][];
      double factor = backend.vaeScalingFactor();
      for (int r = 0; r < scaled.length; r++) {
        float[] latents = rows.get(r).latents();
        scaled[r] = new float[latents.length];
        for (int i = 0; i < latents.length; i++) {
          scaled[r][i] = (float) (latents[i] / factor);
        }
      }
      return backend.decode(scaled, lh, lw);
    }
  }

  /** Classifier-free guidance: {@code uncond + scale * (cond - uncond)}. */
  static float[] guide(float[] uncond, float[] cond, float scale) {
    float[] out = new float[cond.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = uncond[i] + scale * (cond[i] - uncond[i]);
    }
    return out;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
