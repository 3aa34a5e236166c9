package io.genpipe.testing;

import static io.genpipe.testing.OnnxGraphBuilder.attrs;
import static io.genpipe.testing.OnnxGraphBuilder.graphAttr;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code use_cache_branch} switch of Optimum's merged decoders, as one ONNX {@code If}:
 * the then-branch passes the past inputs through, the else-branch slices them to length 0
 * (so a dummy past of any length is ignored). Everything downstream is shared, which is
 * equivalent to Optimum's two full decoder copies and keeps the file small.
 */
final class UseCacheBranch {

  private UseCacheBranch() {}

  /** Adds the If node; returns the effective past names [layer] = {key, value}. */
  static List<String[]> select(OnnxGraphBuilder g, DecoderSpec spec) {
    GraphProto useCache = branch("use_cache", spec, false);
    GraphProto noCache = branch("no_cache", spec, true);
    List<String> outputs = new ArrayList<>();
    List<String[]> pasts = new ArrayList<>();
    for (int i = 0; i < spec.layers(); i++) {
      String key = "/model/past_select/past." + i + ".key";
      String value = "/model/past_select/past." + i + ".value";
      outputs.add(key);
      outputs.add(value);
      pasts.add(new String[] {key, value});
    }
    g.opTo("/model/past_select/If", "If",
        attrs(graphAttr("then_branch", useCache), graphAttr("else_branch", noCache)),
        new String[] {"use_cache_branch"}, outputs.toArray(String[]::new));
    return pasts;
  }

  private static GraphProto branch(String name, DecoderSpec spec, boolean dropPast) {
    String prefix = "/model/past_select/" + name + "/";
    OnnxGraphBuilder b = new OnnxGraphBuilder(name + "_branch", prefix);
    for (int i = 0; i < spec.layers(); i++) {
      for (String kind : new String[] {"key", "value"}) {
        String input = DecoderGraph.pastName(i, kind);
        String out = prefix + "past." + i + "." + kind;
        String[] inputs = dropPast
            ? new String[] {input, b.ints(0), b.ints(0), b.ints(2)}
            : new String[] {input};
        b.opTo(prefix + (dropPast ? "Slice_" : "Identity_") + i + "_" + kind,
            dropPast ? "Slice" : "Identity", attrs(), inputs, out);
        Object pastDim = dropPast ? (Object) 0 : DecoderGraph.PAST;
        b.output(out, DataType.FLOAT, DecoderGraph.BATCH, spec.kvHeads(), pastDim, spec.headDim());
      }
    }
    return b.build();
  }
}
