package io.genpipe.testing.sd;

import static io.genpipe.testing.sd.SdGraphBuilder.attrs;
import static io.genpipe.testing.sd.SdGraphBuilder.intAttr;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Map;

/**
 * A tiny CLIP-text-model stand-in: token + position embedding, one tanh-activated linear layer
 * giving {@code last_hidden_state} [B, 77, H], and {@code pooler_output} [B, H] taken at the first
 * position of the highest id (CLIP pools at {@code argmax(input_ids)}, its eos).
 */
final class TextEncoderGraph {
  private TextEncoderGraph() {}

  static ModelProto build(SdVariant v, int vocab, SdWeights w, Map<String, String> metadata) {
    int h = v.hidden();
    int seq = TinyStableDiffusion.SEQUENCE;
    SdGraphBuilder g = new SdGraphBuilder("genpipe_tiny_clip_text");
    g.input("input_ids", v.idsType(), v.batch(), v.sequence());
    g.output("last_hidden_state", DataType.FLOAT, v.batch(), v.sequence(), h);
    g.output("pooler_output", DataType.FLOAT, v.batch(), h);
    g.weight("text_model.embeddings.token_embedding.weight", w.uniform(vocab * h, 1.0), vocab, h);
    g.weight("text_model.embeddings.position_embedding.weight", w.uniform(seq * h, 0.5), seq, h);
    g.weight("text_model.encoder.fc.weight", w.uniform(h * h, 1.0 / Math.sqrt(h)), h, h);
    g.weight("text_model.encoder.fc.bias", w.uniform(h, 0.1), h);
    float[] positions = new float[seq];
    for (int i = 0; i < seq; i++) {
      positions[i] = i;
    }
    g.weight("text_model.positions", positions, seq);

    String tokens = g.op("/embeddings/token_embedding/Gather", "Gather",
        "text_model.embeddings.token_embedding.weight", "input_ids");
    String x = g.op("/embeddings/Add", "Add", tokens, "text_model.embeddings.position_embedding.weight");
    String fc = g.op("/encoder/fc/MatMul", "MatMul", x, "text_model.encoder.fc.weight");
    String biased = g.op("/encoder/fc/Add", "Add", fc, "text_model.encoder.fc.bias");
    g.opTo("/encoder/Tanh", "Tanh", attrs(), new String[] {biased}, "last_hidden_state");

    String idsFloat = g.cast("/pooler/Cast", "input_ids", DataType.FLOAT);
    String argmax = g.op("/pooler/ArgMax", "ArgMax", attrs(intAttr("axis", 1), intAttr("keepdims", 1)),
        idsFloat);
    String at = g.cast("/pooler/Cast_1", argmax, DataType.FLOAT);
    String hit = g.op("/pooler/Equal", "Equal", "text_model.positions", at);
    String mask = g.cast("/pooler/Cast_2", hit, DataType.FLOAT);
    String mask3 = g.op("/pooler/Unsqueeze", "Unsqueeze", mask, g.ints(2));
    String picked = g.op("/pooler/Mul", "Mul", "last_hidden_state", mask3);
    g.opTo("/pooler/ReduceSum", "ReduceSum", attrs(intAttr("keepdims", 0)),
        new String[] {picked, g.ints(1)}, "pooler_output");
    return g.model("Tiny random CLIP text encoder fixture (" + v + ").", metadata);
  }
}
