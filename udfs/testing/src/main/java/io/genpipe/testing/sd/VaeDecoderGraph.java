package io.genpipe.testing.sd;

import static io.genpipe.testing.sd.SdGraphBuilder.attrs;
import static io.genpipe.testing.sd.SdGraphBuilder.intAttr;
import static io.genpipe.testing.sd.SdGraphBuilder.intsAttr;
import static io.genpipe.testing.sd.SdGraphBuilder.stringAttr;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Map;

/**
 * A tiny VAE-decoder stand-in: a 1×1 conv to 3·8·8 channels, {@code DepthToSpace} by 8 to
 * [B, 3, 8h, 8w], a 3×3 smoothing conv and tanh, so {@code sample} lies in (-1, 1) like a real
 * decoder's nominal range.
 */
final class VaeDecoderGraph {
  static final int SCALE = 8;

  private VaeDecoderGraph() {}

  static ModelProto build(SdVariant v, SdWeights w, Map<String, String> metadata) {
    int c = TinyStableDiffusion.LATENT_CHANNELS;
    int expanded = 3 * SCALE * SCALE;
    SdGraphBuilder g = new SdGraphBuilder("genpipe_tiny_vae_decoder");
    g.input("latent_sample", DataType.FLOAT, v.batch(), v.channels(), v.latentHeight(), v.latentWidth());
    g.output("sample", DataType.FLOAT, v.batch(), 3, v.latentHeight() + " * 8", v.latentWidth() + " * 8");
    g.weight("decoder.conv_in.weight", w.uniform(expanded * c, 0.06), expanded, c, 1, 1);
    g.weight("decoder.conv_in.bias", w.uniform(expanded, 0.2), expanded);
    g.weight("decoder.conv_out.weight", w.uniform(3 * 3 * 9, 0.25), 3, 3, 3, 3);
    g.weight("decoder.conv_out.bias", w.uniform(3, 0.1), 3);
    String z = g.op("/decoder/conv_in/Conv", "Conv", "latent_sample", "decoder.conv_in.weight",
        "decoder.conv_in.bias");
    String up = g.op("/decoder/up/DepthToSpace", "DepthToSpace",
        attrs(intAttr("blocksize", SCALE), stringAttr("mode", "DCR")), z);
    String y = g.op("/decoder/conv_out/Conv", "Conv", attrs(intsAttr("pads", 1, 1, 1, 1)),
        up, "decoder.conv_out.weight", "decoder.conv_out.bias");
    g.opTo("/decoder/Tanh", "Tanh", attrs(), new String[] {y}, "sample");
    return g.model("Tiny random VAE decoder fixture (" + v + ").", metadata);
  }
}
