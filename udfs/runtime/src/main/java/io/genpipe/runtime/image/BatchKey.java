package io.genpipe.runtime.image;

/** What rows must share to run in one batch: latent size, the step schedule, and guidance on/off. */
record BatchKey(int width, int height, int steps, SchedulerName scheduler, boolean guided) {
  static BatchKey of(ImageParams p, boolean guidanceEmbedded) {
    return new BatchKey(p.width(), p.height(), p.numInferenceSteps(), p.scheduler(),
        p.guided() && !guidanceEmbedded);
  }
}
