package io.genpipe.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes tiny random decoder-only LM folders in exactly the Hugging Face Optimum
 * decoder-with-past contract (CONTRACTS.md §1), one per {@link DecoderVariant}: a real
 * 2-layer grouped-query transformer with KV cache, causal + padding mask and learned
 * positions, plus config, generation config, a Llama-style BPE tokenizer and a model card.
 * Output is byte-for-byte deterministic for a given variant and seed.
 */
public final class TinyDecoderModels {

  /**
   * Logits of random weights have a standard deviation of about 2.7 (max |logit| below 16, where
   * float16 keeps 1/128 resolution), so top-1/top-2 gaps are random: about 1% of greedy steps
   * fall below 0.01. This seed was picked from 1..40 as the one whose smallest gap over 20
   * greedy steps from each of the tests' prompts is largest (0.031).
   */
  public static final long DEFAULT_SEED = 12L;

  private TinyDecoderModels() {}

  /** Sizes: hidden 16, 2 layers, 4 query heads over 2 key/value heads of 8, 64 positions. */
  public static DecoderSpec spec() {
    return new DecoderSpec(16, 2, 4, 2, 8, tokenizer().vocabSize(), 64);
  }

  /** The tokenizer every fixture ships (vocab size = {@code spec().vocab()}). */
  public static TinyBpeTokenizer tokenizer() {
    return Holder.TOKENIZER;
  }

  /** Writes the folder for {@code variant} with {@link #DEFAULT_SEED}; returns {@code dir}. */
  public static Path write(Path dir, DecoderVariant variant) {
    return write(dir, variant, DEFAULT_SEED);
  }

  /** Writes the folder for {@code variant} with weights from {@code new SplittableRandom(seed)}. */
  public static Path write(Path dir, DecoderVariant variant, long seed) {
    DecoderSpec spec = spec();
    DecoderWeights weights = DecoderWeights.random(spec, seed, DecoderWeights.Scales.DEFAULT);
    Map<String, String> metadata = new TreeMap<>();
    metadata.put("genpipe.fixture.variant", variant.name());
    metadata.put("genpipe.fixture.seed", Long.toString(seed));
    ModelProto model = DecoderGraph.build(spec, variant, weights, metadata);
    return ModelFolder.write(dir, variant.modelFileName(), model, spec, variant.isFloat16(), tokenizer(),
        modelCard(spec, variant, seed));
  }

  /** The ONNX file {@link #write} writes for {@code variant} in {@code dir}. */
  public static Path modelFile(Path dir, DecoderVariant variant) {
    return dir.resolve(variant.modelFileName());
  }

  private static String modelCard(DecoderSpec spec, DecoderVariant variant, long seed) {
    return ModelFolder.frontMatter()
        + "# genpipe tiny decoder fixture (" + variant + ", seed " + seed + ")\n\n"
        + "A generated tiny random fixture for tests, written by `io.genpipe.testing.TinyDecoderModels`. "
        + "The weights are random (java.util.SplittableRandom, seed " + seed + "), not trained: the output "
        + "is not language. Regenerate it; never edit it by hand.\n\n"
        + "Architecture: token embedding + learned position embedding, " + spec.layers()
        + " grouped-query self-attention blocks with residuals (no norm, no MLP), projection to logits.\n"
        + (variant.hasPositionIds() ? "" : "Positions are derived inside the graph as "
            + "`cumsum(attention_mask) - 1`.\n")
        + "\n" + ModelFolder.contractSection(variant.modelFileName(), spec, variant);
  }

  private static final class Holder {
    static final TinyBpeTokenizer TOKENIZER = TinyBpeTokenizer.standard();
  }
}
