package io.genpipe.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The product demo's text model ({@code datasets/demo/models/genpipe-tiny-lm}): the STANDARD
 * contract and the same transformer graph as the fixtures, with generated (not trained)
 * weights. The embedding and output projection are a rank-{@code hidden} fit of bigram
 * statistics of {@link EnglishCorpus}, and the position and attention contributions are kept
 * small, so greedy or sampled output is semi-readable English.
 */
public final class DemoModels {

  public static final String DEMO_MODEL_ID = "genpipe-tiny-lm";
  static final long SEED = 7L;
  static final int FIT_ITERATIONS = 20;
  static final int ALL_MERGES = 10_000;
  static final DecoderWeights.Scales SCALES = new DecoderWeights.Scales(1.0, 0.02, 1.0, 1.0, 0.05, 1.0);

  private DemoModels() {}

  /** Sizes: hidden 32, 2 layers, 4 query heads over 2 key/value heads of 8, 128 positions. */
  public static DecoderSpec demoSpec() {
    return new DecoderSpec(32, 2, 4, 2, 8, demoTokenizer().vocabSize(), 128);
  }

  /** Writes the demo model folder into {@code dir} (created if needed); returns {@code dir}. */
  public static Path writeDemoTextModel(Path dir) {
    DecoderSpec spec = demoSpec();
    TinyBpeTokenizer tokenizer = demoTokenizer();
    float[][] bigram = BigramFit.fit(tokenizer, EnglishCorpus.STORIES, spec.hidden(), FIT_ITERATIONS, SEED);
    DecoderWeights weights = DecoderWeights.random(spec, SEED, SCALES).withVocabMatrices(bigram[0], bigram[1]);
    Map<String, String> metadata = new TreeMap<>();
    metadata.put("genpipe.demo.model", DEMO_MODEL_ID);
    metadata.put("genpipe.demo.seed", Long.toString(SEED));
    metadata.put("license", "Apache-2.0");
    ModelProto model = DecoderGraph.build(spec, DecoderVariant.STANDARD, weights, metadata);
    return ModelFolder.write(dir, DecoderVariant.STANDARD.modelFileName(), model, spec, false, tokenizer,
        modelCard(spec));
  }

  /**
   * The demo's tokenizer: the fixtures' layout, with BPE merges learnt until none is left, so
   * every word of the stories is one token (a word-level bigram reads better than a sub-word one).
   */
  public static TinyBpeTokenizer demoTokenizer() {
    return TinyBpeTokenizer.train(EnglishCorpus.text(), ALL_MERGES);
  }

  private static String modelCard(DecoderSpec spec) {
    return ModelFolder.frontMatter()
        + "# " + DEMO_MODEL_ID + " — genpipe's demo text model (generated, not trained)\n\n"
        + "A generated tiny fixture for the product demo, written by "
        + "`io.genpipe.testing.GenerateDemoModel` (byte-for-byte reproducible; regenerate, never edit). "
        + "Licence: Apache-2.0, like the rest of genpipe.\n\n"
        + "The weights are generated, not trained on any dataset: the token embedding and output "
        + "projection are a rank-" + spec.hidden() + " weighted least-squares fit of bigram log-probabilities "
        + "counted from a few short stories written for this project (`EnglishCorpus`); the attention "
        + "and position weights are small random values (java.util.SplittableRandom, seed " + SEED + "). "
        + "The model therefore behaves roughly like a bigram model: output is semi-readable English "
        + "that loops and wanders. It is a real transformer graph (" + spec.layers() + " attention "
        + "blocks with KV cache), so it exercises the same runtime path as real exports.\n\n"
        + "Tokenizer: Llama-style BPE with byte fallback, merges learnt from the same stories until every "
        + "word in them is one token.\n\n"
        + ModelFolder.contractSection(DecoderVariant.STANDARD.modelFileName(), spec, DecoderVariant.STANDARD);
  }
}
