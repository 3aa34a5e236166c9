package io.genpipe.jobs;

import io.genpipe.runtime.image.ImageBatchLimits;

/**
 * How rows are generated, job-wide.
 *
 * @param seed seed of rows without their own
 * @param textParams job-level text params (JSON object), between model defaults and row params
 * @param imageParams job-level image params (JSON object), likewise
 * @param latentsRoot folder image rows' {@code latents} paths are read from, or null: none allowed
 * @param imageBatch rows per image batch by size (options image-batch-memory, image-max-batch)
 */
public record GenerationConf(int batchSize, long seed, String textParams, String imageParams,
    String latentsRoot, ImageBatchLimits imageBatch) {}
