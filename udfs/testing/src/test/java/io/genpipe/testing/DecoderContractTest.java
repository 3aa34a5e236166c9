package io.genpipe.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each variant declares exactly the Optimum decoder I/O (names, types, fixed and symbolic dims). */
class DecoderContractTest {

  private static final String BATCH = "batch_size";
  private static final String SEQ = "sequence_length";
  private static final String PAST = "past_sequence_length";
  private static final String TOTAL = "past_sequence_length + sequence_length";

  @ParameterizedTest
  @EnumSource(DecoderVariant.class)
  void declaresTheOptimumDecoderInputsAndOutputs(DecoderVariant variant, @TempDir Path dir) throws Exception {
    TinyDecoderModels.write(dir, variant);
    DecoderSpec spec = TinyDecoderModels.spec();
    OnnxJavaType cache = variant.isFloat16() ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = OrtEnvironment.getEnvironment()
            .createSession(TinyDecoderModels.modelFile(dir, variant).toString(), options)) {
      assertEquals(expectedInputs(variant), List.copyOf(session.getInputNames()));
      assertEquals(expectedOutputs(), List.copyOf(session.getOutputNames()));
      Map<String, NodeInfo> in = session.getInputInfo();
      assertTensor(in.get("input_ids"), OnnxJavaType.INT64, new long[] {-1, -1}, BATCH, SEQ);
      assertTensor(in.get("attention_mask"), OnnxJavaType.INT64, new long[] {-1, -1}, BATCH, TOTAL);
      if (variant.hasPositionIds()) {
        assertTensor(in.get("position_ids"), OnnxJavaType.INT64, new long[] {-1, -1}, BATCH, SEQ);
      }
      if (variant.isMerged()) {
        assertTensor(in.get("use_cache_branch"), OnnxJavaType.BOOL, new long[] {1}, "");
      }
      long[] cacheShape = {-1, spec.kvHeads(), -1, spec.headDim()};
      Map<String, NodeInfo> out = session.getOutputInfo();
      assertTensor(out.get("logits"), cache, new long[] {-1, -1, spec.vocab()}, BATCH, SEQ, "");
      for (int i = 0; i < spec.layers(); i++) {
        for (String kind : new String[] {"key", "value"}) {
          assertTensor(in.get("past_key_values." + i + "." + kind), cache, cacheShape, BATCH, "", PAST, "");
          assertTensor(out.get("present." + i + "." + kind), cache, cacheShape, BATCH, "", TOTAL, "");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DecoderVariant.class)
  void writesTheModelFolderFiles(DecoderVariant variant, @TempDir Path dir) throws Exception {
    TinyDecoderModels.write(dir, variant);
    assertEquals(new TreeSet<>(Set.of(variant.modelFileName(), "config.json", "generation_config.json",
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "README.md")), fileNames(dir));
    assertTrue(Files.size(TinyDecoderModels.modelFile(dir, variant)) < 100_000, "model under 100 KB");
    ObjectMapper json = new ObjectMapper();
    JsonNode config = json.readTree(dir.resolve("config.json").toFile());
    DecoderSpec spec = TinyDecoderModels.spec();
    assertEquals("llama", config.get("model_type").asText());
    assertEquals(spec.vocab(), config.get("vocab_size").asInt());
    assertEquals(spec.kvHeads(), config.get("num_key_value_heads").asInt());
    assertEquals(spec.heads(), config.get("num_attention_heads").asInt());
    assertEquals(spec.maxPositions(), config.get("max_position_embeddings").asInt());
    JsonNode generation = json.readTree(dir.resolve("generation_config.json").toFile());
    assertEquals("[2]", generation.get("eos_token_id").toString());
    assertEquals(0, generation.get("pad_token_id").asInt());
    JsonNode tokenizerConfig = json.readTree(dir.resolve("tokenizer_config.json").toFile());
    assertEquals("left", tokenizerConfig.get("padding_side").asText());
    assertTrue(tokenizerConfig.get("add_bos_token").asBoolean());
    String card = Files.readString(dir.resolve("README.md"));
    assertTrue(card.startsWith("---\nlicense: apache-2.0\npipeline_tag: text-generation\nlibrary_name: onnx\n"
        + "tags: [genpipe-fixture]\n---\n"), card);
  }

  static List<String> expectedInputs(DecoderVariant variant) {
    List<String> names = new ArrayList<>(List.of("input_ids", "attention_mask"));
    if (variant.hasPositionIds()) {
      names.add("position_ids");
    }
    for (int i = 0; i < TinyDecoderModels.spec().layers(); i++) {
      names.add("past_key_values." + i + ".key");
      names.add("past_key_values." + i + ".value");
    }
    if (variant.isMerged()) {
      names.add("use_cache_branch");
    }
    return names;
  }

  private static List<String> expectedOutputs() {
    List<String> names = new ArrayList<>(List.of("logits"));
    for (int i = 0; i < TinyDecoderModels.spec().layers(); i++) {
      names.add("present." + i + ".key");
      names.add("present." + i + ".value");
    }
    return names;
  }

  private static void assertTensor(NodeInfo node, OnnxJavaType type, long[] shape, String... dimNames) {
    TensorInfo info = (TensorInfo) node.getInfo();
    assertEquals(type, info.type, node.getName());
    assertArrayEquals(shape, info.getShape(), node.getName());
    assertArrayEquals(dimNames, info.getDimensionNames(), node.getName());
  }

  static TreeSet<String> fileNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
