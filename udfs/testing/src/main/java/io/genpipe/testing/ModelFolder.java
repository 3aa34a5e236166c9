package io.genpipe.testing;

import static io.genpipe.testing.TokenizerFiles.ordered;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a complete decoder model folder as Optimum exports it: the ONNX file,
 * {@code config.json} (LlamaConfig keys), {@code generation_config.json}, the tokenizer files
 * and a model card.
 */
final class ModelFolder {

  private ModelFolder() {}

  static Path write(Path dir, String onnxFileName, ModelProto model, DecoderSpec spec, boolean float16,
      TinyBpeTokenizer tokenizer, String modelCard) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(onnxFileName), model.toByteArray());
      Files.writeString(dir.resolve("README.md"), modelCard, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model into " + dir, e);
    }
    JsonFiles.write(dir.resolve("config.json"), config(spec, float16));
    JsonFiles.write(dir.resolve("generation_config.json"), generationConfig(spec));
    TokenizerFiles.write(dir, tokenizer, spec.maxPositions());
    return dir;
  }

  static Map<String, Object> config(DecoderSpec spec, boolean float16) {
    return ordered("model_type", "llama", "hidden_size", spec.hidden(),
        "num_hidden_layers", spec.layers(), "num_attention_heads", spec.heads(),
        "num_key_value_heads", spec.kvHeads(), "head_dim", spec.headDim(), "vocab_size", spec.vocab(),
        "max_position_embeddings", spec.maxPositions(), "bos_token_id", TinyBpeTokenizer.BOS,
        "eos_token_id", TinyBpeTokenizer.EOS, "pad_token_id", TinyBpeTokenizer.UNK,
        "tie_word_embeddings", false, "torch_dtype", float16 ? "float16" : "float32", "use_cache", true);
  }

  static Map<String, Object> generationConfig(DecoderSpec spec) {
    return ordered("bos_token_id", TinyBpeTokenizer.BOS, "eos_token_id", List.of(TinyBpeTokenizer.EOS),
        "pad_token_id", TinyBpeTokenizer.UNK, "do_sample", false, "max_length", spec.maxPositions());
  }

  /** YAML front matter every generated card carries. */
  static String frontMatter() {
    return "---\n"
        + "license: apache-2.0\n"
        + "pipeline_tag: text-generation\n"
        + "library_name: onnx\n"
        + "tags: [genpipe-fixture]\n"
        + "---\n";
  }

  /** The card's contract section, shared by fixtures and the demo model. */
  static String contractSection(String onnxFileName, DecoderSpec spec, DecoderVariant variant) {
    String type = variant.isFloat16() ? "float16" : "float32";
    return "## ONNX contract (Hugging Face Optimum decoder-with-past)\n"
        + "File `" + onnxFileName + "`, opset " + DecoderGraph.OPSET + ", IR version " + DecoderGraph.IR_VERSION
        + ".\n"
        + "Inputs: `input_ids` int64 [B,S]; `attention_mask` int64 [B,P+S]"
        + (variant.hasPositionIds() ? "; `position_ids` int64 [B,S]" : "")
        + "; `past_key_values.{i}.key|value` " + type + " [B," + spec.kvHeads() + ",P," + spec.headDim()
        + "] for i=0.." + (spec.layers() - 1)
        + (variant.isMerged() ? "; `use_cache_branch` bool [1]" : "") + ".\n"
        + "Outputs: `logits` " + type + " [B,S," + spec.vocab() + "]; `present.{i}.key|value` " + type
        + " [B," + spec.kvHeads() + ",P+S," + spec.headDim() + "].\n"
        + "Sizes: hidden " + spec.hidden() + ", layers " + spec.layers() + ", attention heads " + spec.heads()
        + ", key/value heads " + spec.kvHeads() + ", head_dim " + spec.headDim() + ", vocab " + spec.vocab()
        + ", max positions " + spec.maxPositions() + ".\n"
        + "Special ids: `<unk>`=0 (also pad), `<s>`=1, `</s>`=2; ids 3..258 are byte-fallback tokens.\n";
  }
}
