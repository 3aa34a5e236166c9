package io.genpipe.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The legacy Optimum layout of a decoder: {@code decoder_model.onnx} (no cache inputs; it outputs
 * the first {@code present.*}) next to {@code decoder_with_past_model.onnx}. Written from the
 * {@link DecoderVariant#STANDARD} fixture: the with-past file is that graph as is; the first-step
 * file is the same graph whose cache inputs are replaced by empty {@code [batch, kv_heads, 0,
 * head_dim]} tensors built from {@code input_ids}' batch size.
 */
public final class LegacyDecoderPair {
  private LegacyDecoderPair() {}

  public static Path write(Path dir) {
    TinyDecoderModels.write(dir, DecoderVariant.STANDARD);
    try {
      Path single = dir.resolve("model.onnx");
      ModelProto model = ModelProto.parseFrom(Files.readAllBytes(single));
      Files.write(dir.resolve("decoder_with_past_model.onnx"), model.toByteArray());
      Files.write(dir.resolve("decoder_model.onnx"), withoutPast(model).toByteArray());
      Files.delete(single);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelProto withoutPast(ModelProto model) {
    DecoderSpec spec = TinyDecoderModels.spec();
    GraphProto.Builder g = model.getGraph().toBuilder().clearInput();
    for (ValueInfoProto in : model.getGraph().getInputList()) {
      if (!in.getName().startsWith("past_key_values.")) {
        g.addInput(in);
      }
    }
    g.addNode(0, node("Shape", "legacy_ids_shape", new String[] {"input_ids"}));
    g.addNode(1, slice0("legacy_batch", "legacy_ids_shape"));
    g.addInitializer(longs("legacy_tail", spec.kvHeads(), 0, spec.headDim()));
    g.addInitializer(longs("legacy_zero_start", 0));
    g.addInitializer(longs("legacy_one_end", 1));
    g.addNode(2, NodeProto.newBuilder().setOpType("Concat").addInput("legacy_batch")
        .addInput("legacy_tail").addOutput("legacy_past_shape").setName("legacy_past_shape")
        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(0)));
    int at = 3;
    for (ValueInfoProto in : model.getGraph().getInputList()) {
      if (in.getName().startsWith("past_key_values.")) {
        g.addNode(at++, NodeProto.newBuilder().setOpType("ConstantOfShape").addInput("legacy_past_shape")
            .addOutput(in.getName()).setName("legacy_" + in.getName()).build());
      }
    }
    return model.toBuilder().setGraph(g).build();
  }

  private static NodeProto node(String op, String output, String[] inputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
    for (String i : inputs) {
      n.addInput(i);
    }
    return n.build();
  }

  private static NodeProto slice0(String output, String shape) {
    return NodeProto.newBuilder().setOpType("Slice").setName(output).addOutput(output)
        .addInput(shape).addInput("legacy_zero_start").addInput("legacy_one_end").build();
  }

  private static TensorProto longs(String name, long... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.INT64.getNumber()).addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }
}
