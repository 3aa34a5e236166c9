package io.genpipe.runtime.sample;

/** Divides every score by the temperature (Hugging Face {@code TemperatureLogitsWarper}). */
public record Temperature(float temperature) implements LogitsProcessor {
  public Temperature {
    if (!(temperature > 0f) || !Float.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
    }
  }

  @Override
  public void process(float[] logits, long[] history, int historyLength) {
    for (int i = 0; i < logits.length; i++) {
      logits[i] /= temperature;
    }
  }
}
