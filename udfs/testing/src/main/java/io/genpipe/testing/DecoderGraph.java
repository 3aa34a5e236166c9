package io.genpipe.testing;

import static io.genpipe.testing.OnnxGraphBuilder.attrs;
import static io.genpipe.testing.OnnxGraphBuilder.intAttr;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX graph of a tiny decoder-only transformer in the Optimum decoder-with-past
 * contract (CONTRACTS.md §1): token + learned position embedding, {@code layers} attention
 * blocks with residuals and a KV cache, then a projection to vocabulary logits. There is no
 * normalisation or MLP: the fixture exercises the cache, mask and position semantics, not
 * model quality.
 */
final class DecoderGraph {

  static final long IR_VERSION = 7;
  static final long OPSET = 14;
  static final String BATCH = "batch_size";
  static final String SEQ = "sequence_length";
  static final String PAST = "past_sequence_length";
  static final String TOTAL = "past_sequence_length + sequence_length";

  private DecoderGraph() {}

  static ModelProto build(DecoderSpec spec, DecoderVariant variant, DecoderWeights weights,
      Map<String, String> metadata) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("genpipe_tiny_decoder", "/model/");
    declareInputs(g, spec, variant);
    declareOutputs(g, spec, variant);
    addWeights(g, spec, weights);
    List<String[]> pasts = variant.isMerged() ? UseCacheBranch.select(g, spec) : declaredPasts(spec);
    AttentionMask mask = AttentionMask.build(g, pasts.get(0)[0]);
    String hidden = embeddings(g, variant, mask);
    for (int i = 0; i < spec.layers(); i++) {
      hidden = new AttentionLayer(g, spec, variant, i).apply(hidden, pasts.get(i), mask.additive());
    }
    logits(g, variant, hidden);
    return model(g, metadata);
  }

  static String pastName(int layer, String kind) {
    return "past_key_values." + layer + "." + kind;
  }

  static String presentName(int layer, String kind) {
    return "present." + layer + "." + kind;
  }

  static DataType cacheType(DecoderVariant variant) {
    return variant.isFloat16() ? DataType.FLOAT16 : DataType.FLOAT;
  }

  private static void declareInputs(OnnxGraphBuilder g, DecoderSpec spec, DecoderVariant variant) {
    g.input("input_ids", DataType.INT64, BATCH, SEQ);
    g.input("attention_mask", DataType.INT64, BATCH, TOTAL);
    if (variant.hasPositionIds()) {
      g.input("position_ids", DataType.INT64, BATCH, SEQ);
    }
    for (int i = 0; i < spec.layers(); i++) {
      for (String kind : new String[] {"key", "value"}) {
        g.input(pastName(i, kind), cacheType(variant), BATCH, spec.kvHeads(), PAST, spec.headDim());
      }
    }
    if (variant.isMerged()) {
      g.input("use_cache_branch", DataType.BOOL, 1);
    }
  }

  private static void declareOutputs(OnnxGraphBuilder g, DecoderSpec spec, DecoderVariant variant) {
    g.output("logits", cacheType(variant), BATCH, SEQ, spec.vocab());
    for (int i = 0; i < spec.layers(); i++) {
      for (String kind : new String[] {"key", "value"}) {
        g.output(presentName(i, kind), cacheType(variant), BATCH, spec.kvHeads(), TOTAL, spec.headDim());
      }
    }
  }

  private static void addWeights(OnnxGraphBuilder g, DecoderSpec spec, DecoderWeights w) {
    g.initializer("model.embed_tokens.weight", w.embed(), spec.vocab(), spec.hidden());
    g.initializer("model.embed_positions.weight", w.positions(), spec.maxPositions(), spec.hidden());
    for (int i = 0; i < spec.layers(); i++) {
      AttentionLayer.addWeights(g, spec, i, w.layers().get(i));
    }
    g.initializer("lm_head.weight", w.lmHead(), spec.hidden(), spec.vocab());
  }

  private static List<String[]> declaredPasts(DecoderSpec spec) {
    List<String[]> pasts = new ArrayList<>();
    for (int i = 0; i < spec.layers(); i++) {
      pasts.add(new String[] {pastName(i, "key"), pastName(i, "value")});
    }
    return pasts;
  }

  /** Token embedding plus the position embedding gathered at the (declared or derived) positions. */
  private static String embeddings(OnnxGraphBuilder g, DecoderVariant variant, AttentionMask mask) {
    String tokens = g.op("/model/embed_tokens/Gather", "Gather", "model.embed_tokens.weight", "input_ids");
    String positionIds = variant.hasPositionIds() ? "position_ids" : derivedPositionIds(g, mask);
    String positions = g.op("/model/embed_positions/Gather", "Gather", "model.embed_positions.weight", positionIds);
    return g.op("/model/embed/Add", "Add", tokens, positions);
  }

  /** {@code (cumsum(attention_mask, axis=1) - 1)[:, past:past+seq]}: the caller-side convention. */
  private static String derivedPositionIds(OnnxGraphBuilder g, AttentionMask mask) {
    String sum = g.op("/model/positions/CumSum", "CumSum", "attention_mask", g.scalar(1L));
    String ids = g.op("/model/positions/Sub", "Sub", sum, g.scalar(1L));
    String start = g.op("/model/positions/Unsqueeze", "Unsqueeze", mask.past(), g.ints(0));
    String end = g.op("/model/positions/Unsqueeze_1", "Unsqueeze", mask.total(), g.ints(0));
    return g.op("/model/positions/Slice", "Slice", ids, start, end, g.ints(1));
  }

  private static void logits(OnnxGraphBuilder g, DecoderVariant variant, String hidden) {
    if (!variant.isFloat16()) {
      g.opTo("/lm_head/MatMul", "MatMul", attrs(), new String[] {hidden, "lm_head.weight"}, "logits");
      return;
    }
    String logits = g.op("/lm_head/MatMul", "MatMul", hidden, "lm_head.weight");
    g.opTo("/lm_head/Cast", "Cast", attrs(intAttr("to", DataType.FLOAT16.getNumber())),
        new String[] {logits}, "logits");
  }

  private static ModelProto model(OnnxGraphBuilder g, Map<String, String> metadata) {
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("genpipe-testing")
        .setProducerVersion("1")
        .setDocString("Generated tiny random decoder fixture (Optimum decoder-with-past contract).")
        .setGraph(g.build());
    metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }
}
