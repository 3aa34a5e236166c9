package io.genpipe.testing;

import static io.genpipe.testing.OnnxGraphBuilder.attrs;
import static io.genpipe.testing.OnnxGraphBuilder.intAttr;
import static io.genpipe.testing.OnnxGraphBuilder.intsAttr;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * One grouped-query self-attention block with KV cache and residual:
 * {@code x + o_proj(softmax(q k^T / sqrt(d) + mask) v)}, where k and v are the past
 * concatenated with this step's keys/values along axis 2 (which is also {@code present.i.*}).
 * Query heads are laid out [batch, kvHeads, groups, seq, headDim] so each group broadcasts
 * against its shared key/value head without copying.
 *
 * <p>FLOAT16: new keys/values are cast to float16 before the concat and the present is cast
 * back for the math, so a cached run and a full recompute see the same rounded values.
 */
final class AttentionLayer {

  private final OnnxGraphBuilder g;
  private final DecoderSpec spec;
  private final DecoderVariant variant;
  private final int layer;
  private final String prefix;

  AttentionLayer(OnnxGraphBuilder g, DecoderSpec spec, DecoderVariant variant, int layer) {
    this.g = g;
    this.spec = spec;
    this.variant = variant;
    this.layer = layer;
    this.prefix = "/model/layers." + layer + "/self_attn/";
  }

  static void addWeights(OnnxGraphBuilder g, DecoderSpec spec, int layer, DecoderWeights.Layer w) {
    g.initializer(weight(layer, "q"), w.q(), spec.hidden(), spec.queryDim());
    g.initializer(weight(layer, "k"), w.k(), spec.hidden(), spec.kvDim());
    g.initializer(weight(layer, "v"), w.v(), spec.hidden(), spec.kvDim());
    g.initializer(weight(layer, "o"), w.o(), spec.queryDim(), spec.hidden());
  }

  /** Adds the block's nodes; {@code past} holds the key and value names; returns the new hidden. */
  String apply(String x, String[] past, String mask) {
    String q = g.op(prefix + "q_proj/MatMul", "MatMul", x, weight(layer, "q"));
    q = g.op(prefix + "Reshape", "Reshape", q, g.ints(0, 0, spec.kvHeads(), spec.groups(), spec.headDim()));
    q = transpose("Transpose", q, 0, 2, 3, 1, 4);
    String keys = cached("key", "k", x, past[0]);
    String values = cached("value", "v", x, past[1]);
    String keysT = transpose("Transpose_3", keys, 0, 1, 3, 2);
    keysT = g.op(prefix + "Unsqueeze", "Unsqueeze", keysT, g.ints(2));
    String scores = g.op(prefix + "MatMul", "MatMul", q, keysT);
    scores = g.op(prefix + "Mul", "Mul", scores, g.scalar((float) (1.0 / StrictMath.sqrt(spec.headDim()))));
    scores = g.op(prefix + "Add", "Add", scores, mask);
    String probs = g.op(prefix + "Softmax", "Softmax", attrs(intAttr("axis", -1)), scores);
    String values5 = g.op(prefix + "Unsqueeze_1", "Unsqueeze", values, g.ints(2));
    String context = g.op(prefix + "MatMul_1", "MatMul", probs, values5);
    context = transpose("Transpose_4", context, 0, 3, 1, 2, 4);
    context = g.op(prefix + "Reshape_3", "Reshape", context, g.ints(0, 0, spec.queryDim()));
    String out = g.op(prefix + "o_proj/MatMul", "MatMul", context, weight(layer, "o"));
    return g.op("/model/layers." + layer + "/Add", "Add", x, out);
  }

  /** Projects this step's keys or values, appends them to the past as {@code present.i.kind}. */
  private String cached(String kind, String proj, String x, String past) {
    String fresh = g.op(prefix + proj + "_proj/MatMul", "MatMul", x, weight(layer, proj));
    fresh = g.op(prefix + "Reshape_" + proj, "Reshape", fresh, g.ints(0, 0, spec.kvHeads(), spec.headDim()));
    fresh = transpose("Transpose_" + proj, fresh, 0, 2, 1, 3);
    if (variant.isFloat16()) {
      fresh = g.cast(prefix + "Cast_" + proj, fresh, DataType.FLOAT16);
    }
    String present = DecoderGraph.presentName(layer, kind);
    g.opTo(prefix + "Concat_" + proj, "Concat", attrs(intAttr("axis", 2)), new String[] {past, fresh}, present);
    return variant.isFloat16() ? g.cast(prefix + "Cast_" + proj + "_1", present, DataType.FLOAT) : present;
  }

  private String transpose(String name, String input, long... perm) {
    return g.op(prefix + name, "Transpose", attrs(intsAttr("perm", perm)), input);
  }

  private static String weight(int layer, String proj) {
    return "model.layers." + layer + ".self_attn." + proj + "_proj.weight";
  }
}
