package io.genpipe.testing.sd;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes tiny random Stable Diffusion ONNX folders in the diffusers/Optimum layout (CONTRACTS.md
 * §3), one per {@link SdVariant}: {@code text_encoder/}, {@code unet/}, {@code vae_decoder/}
 * ({@code model.onnx} each, under 100 KB, real computations), {@code tokenizer/} (CLIP BPE),
 * {@code scheduler/scheduler_config.json}, {@code vae_decoder/config.json},
 * {@code model_index.json} and a model card. Output is byte-for-byte deterministic for a given
 * variant and seed.
 */
public final class TinyStableDiffusion {
  public static final long DEFAULT_SEED = 7L;
  public static final int SEQUENCE = 77;
  public static final int LATENT_CHANNELS = 4;

  private TinyStableDiffusion() {}

  /** Writes the folder for {@code variant} with {@link #DEFAULT_SEED}; returns {@code dir}. */
  public static Path write(Path dir, SdVariant variant) {
    return write(dir, variant, DEFAULT_SEED);
  }

  public static Path write(Path dir, SdVariant variant, long seed) {
    ClipVocabulary vocab = ClipVocabulary.standard();
    SdWeights weights = new SdWeights(seed);
    Map<String, String> metadata = new TreeMap<>();
    metadata.put("genpipe.fixture.variant", variant.name());
    metadata.put("genpipe.fixture.seed", Long.toString(seed));
    writeModel(dir.resolve("text_encoder"), TextEncoderGraph.build(variant, vocab.size(), weights, metadata));
    writeModel(dir.resolve("unet"), UnetGraph.build(variant, weights, metadata));
    writeModel(dir.resolve("vae_decoder"), VaeDecoderGraph.build(variant, weights, metadata));
    SdJson.write(dir.resolve("vae_decoder/config.json"), SdFolderFiles.vaeConfig());
    SdJson.write(dir.resolve("scheduler/scheduler_config.json"), SdFolderFiles.schedulerConfig(variant));
    SdJson.write(dir.resolve("model_index.json"), SdFolderFiles.modelIndex(variant));
    writeTokenizer(dir.resolve("tokenizer"), variant, vocab);
    writeText(dir.resolve("README.md"), SdFolderFiles.modelCard(variant, seed, vocab.size()));
    return dir;
  }

  /**
   * Rewrites {@code dir}'s UNet to declare a fixed latent size for {@code sample}, as fixed-shape
   * exports do; ONNX Runtime then refuses any other size at run time.
   */
  public static void fixUnetLatentSize(Path dir, int latentSize) {
    Path file = dir.resolve("unet/model.onnx");
    try {
      ModelProto.Builder model = ModelProto.parseFrom(Files.readAllBytes(file)).toBuilder();
      for (var input : model.getGraphBuilder().getInputBuilderList()) {
        if (input.getName().equals("sample")) {
          var shape = input.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
          shape.getDimBuilder(2).clearDimParam().setDimValue(latentSize);
          shape.getDimBuilder(3).clearDimParam().setDimValue(latentSize);
        }
      }
      Files.write(file, model.build().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + file, e);
    }
  }

  /** The CLIP ids of {@code <|startoftext|>} and {@code <|endoftext|>} in the fixture vocabulary. */
  public static int[] specialIds() {
    ClipVocabulary v = ClipVocabulary.standard();
    return new int[] {v.vocab.get(ClipVocabulary.BOS), v.vocab.get(ClipVocabulary.EOS)};
  }

  private static void writeTokenizer(Path dir, SdVariant variant, ClipVocabulary vocab) {
    SdJson.write(dir.resolve("vocab.json"), vocab.vocab);
    writeText(dir.resolve("merges.txt"), vocab.mergesText());
    SdJson.write(dir.resolve("tokenizer_config.json"), SdFolderFiles.tokenizerConfig(variant));
    SdJson.write(dir.resolve("special_tokens_map.json"), SdFolderFiles.specialTokensMap(variant));
  }

  private static void writeModel(Path dir, ModelProto model) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("model.onnx"), model.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("model.onnx"), e);
    }
  }

  private static void writeText(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
