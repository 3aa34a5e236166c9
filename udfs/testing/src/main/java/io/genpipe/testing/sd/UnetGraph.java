package io.genpipe.testing.sd;

import static io.genpipe.testing.sd.SdGraphBuilder.attrs;
import static io.genpipe.testing.sd.SdGraphBuilder.intAttr;
import static io.genpipe.testing.sd.SdGraphBuilder.intsAttr;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Map;

/**
 * A tiny UNet stand-in: a sinusoidal timestep embedding and the mean of the encoder hidden states,
 * projected to a per-channel bias; conv 3×3 → + bias → SiLU → conv 3×3, plus a small residual of
 * the input. {@code out_sample} has the shape of {@code sample}; it depends on all three inputs.
 */
final class UnetGraph {
  static final int INNER = 8;
  private static final int FREQUENCIES = 4;

  private UnetGraph() {}

  static ModelProto build(SdVariant v, SdWeights w, Map<String, String> metadata) {
    SdGraphBuilder g = new SdGraphBuilder("genpipe_tiny_unet");
    g.input("sample", DataType.FLOAT, v.batch(), v.channels(), "height", "width");
    if (v.scalarTimestep()) {
      g.input("timestep", v.timestepType());
    } else {
      g.input("timestep", v.timestepType(), v.batch());
    }
    g.input("encoder_hidden_states", DataType.FLOAT, v.batch(), v.sequence(), v.hidden());
    g.output("out_sample", DataType.FLOAT, v.batch(), v.channels(), "height", "width");
    addWeights(g, v, w);

    String time = timeEmbedding(g, v);
    String tproj = g.op("/time_embedding/linear/MatMul", "MatMul", time, "time_embedding.linear.weight");
    String pooled = g.op("/text/ReduceMean", "ReduceMean",
        attrs(intsAttr("axes", 1), intAttr("keepdims", 0)), "encoder_hidden_states");
    String eproj = g.op("/text/linear/MatMul", "MatMul", pooled, "text_proj.weight");
    String cond = g.op("/cond/Add", "Add", tproj, eproj);
    String condBiased = g.op("/cond/Add_1", "Add", cond, "cond.bias");
    String cond4 = g.op("/cond/Unsqueeze", "Unsqueeze", condBiased, g.ints(2, 3));
    String h1 = g.op("/conv_in/Conv", "Conv", attrs(intsAttr("pads", 1, 1, 1, 1)),
        "sample", "conv_in.weight", "conv_in.bias");
    String h2 = g.op("/block/Add", "Add", h1, cond4);
    String gate = g.op("/block/Sigmoid", "Sigmoid", h2);
    String h3 = g.op("/block/Mul", "Mul", h2, gate);
    String h4 = g.op("/conv_out/Conv", "Conv", attrs(intsAttr("pads", 1, 1, 1, 1)),
        h3, "conv_out.weight", "conv_out.bias");
    String skip = g.op("/skip/Mul", "Mul", "sample", "skip.scale");
    g.opTo("/out/Add", "Add", attrs(), new String[] {h4, skip}, "out_sample");
    return g.model("Tiny random UNet fixture (" + v + ").", metadata);
  }

  private static void addWeights(SdGraphBuilder g, SdVariant v, SdWeights w) {
    int c = TinyStableDiffusion.LATENT_CHANNELS;
    float[] freqs = new float[FREQUENCIES];
    for (int k = 0; k < FREQUENCIES; k++) {
      freqs[k] = (float) Math.pow(10.0, -k);
    }
    g.weight("time_proj.frequencies", freqs, 1, FREQUENCIES);
    g.weight("time_embedding.linear.weight", w.uniform(2 * FREQUENCIES * INNER, 0.5), 2 * FREQUENCIES, INNER);
    g.weight("text_proj.weight", w.uniform(v.hidden() * INNER, 2.0), v.hidden(), INNER);
    g.weight("cond.bias", w.uniform(INNER, 0.1), INNER);
    g.weight("conv_in.weight", w.uniform(INNER * c * 9, 0.3), INNER, c, 3, 3);
    g.weight("conv_in.bias", w.uniform(INNER, 0.1), INNER);
    g.weight("conv_out.weight", w.uniform(c * INNER * 9, 0.2), c, INNER, 3, 3);
    g.weight("conv_out.bias", w.uniform(c, 0.05), c);
    g.weight("skip.scale", new float[] {0.5f}, 1);
  }

  /** {@code [sin(t f), cos(t f)]}: [B, 8] from an int64 [B] timestep, [1, 8] from a float scalar. */
  private static String timeEmbedding(SdGraphBuilder g, SdVariant v) {
    String t = v.timestepType() == DataType.FLOAT ? "timestep"
        : g.cast("/time_proj/Cast", "timestep", DataType.FLOAT);
    String column = g.op("/time_proj/Reshape", "Reshape", t, g.ints(-1, 1));
    String args = g.op("/time_proj/Mul", "Mul", column, "time_proj.frequencies");
    String sin = g.op("/time_proj/Sin", "Sin", args);
    String cos = g.op("/time_proj/Cos", "Cos", args);
    return g.op("/time_proj/Concat", "Concat", attrs(intAttr("axis", 1)), sin, cos);
  }
}
