package io.genpipe.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decoder graphs with the input/output signatures of exports genpipe does not run, each a real
 * exporter's layout: only the declared signature matters (genpipe refuses them when it reads the
 * inputs, before any step), so every output is an {@code Identity} of a float input.
 */
public enum RefusedDecoders {
  /** Bloom: key [batch * heads, head_dim, past], value [batch * heads, past, head_dim]. */
  BLOOM_RANK3_CACHE,
  /** gpt_bigcode (multi-query): one fused {@code past_key_values.{i}.key_value} [batch, past, 2 * head_dim]. */
  BIGCODE_FUSED_CACHE,
  /** An encoder-decoder's decoder (T5): takes {@code encoder_hidden_states}. */
  ENCODER_DECODER,
  /** Exported without past (Optimum task {@code text-generation}): no cache inputs. */
  NO_CACHE,
  /** A key without its value. */
  INCOMPLETE_CACHE,
  /** A feature-extraction export: {@code last_hidden_state}, no {@code logits}. */
  NO_LOGITS,
  /** An int8 cache. */
  INT8_CACHE;

  /** Declares {@code past_key_values.0.<kind>} and its {@code present.0.<kind>} (an Identity). */
  private static void cache(OnnxGraphBuilder g, String kind, DataType type, Object... dims) {
    String past = "past_key_values.0." + kind;
    g.input(past, type, dims);
    g.opTo("present_" + kind, "Identity", OnnxGraphBuilder.attrs(), new String[] {past}, "present.0." + kind);
    g.output("present.0." + kind, type, dims);
  }

  /** Writes {@code model.onnx} of this layout into {@code dir} and returns {@code dir}. */
  public Path write(Path dir) {
    OnnxGraphBuilder g = new OnnxGraphBuilder(name().toLowerCase(java.util.Locale.ROOT), "");
    g.input("input_ids", DataType.INT64, "batch_size", "sequence_length");
    g.input("attention_mask", DataType.INT64, "batch_size", "total_sequence_length");
    switch (this) {
      case BLOOM_RANK3_CACHE -> {
        cache(g, "key", DataType.FLOAT, "batch_size x num_heads", 4, "past_sequence_length");
        cache(g, "value", DataType.FLOAT, "batch_size x num_heads", "past_sequence_length", 4);
      }
      case BIGCODE_FUSED_CACHE ->
          cache(g, "key_value", DataType.FLOAT, "batch_size", "past_sequence_length", 8);
      case ENCODER_DECODER ->
          g.input("encoder_hidden_states", DataType.FLOAT, "batch_size", "encoder_sequence_length", 8);
      case NO_CACHE -> { }
      case INCOMPLETE_CACHE -> cache(g, "key", DataType.FLOAT, "batch_size", 2, "past_sequence_length", 4);
      case NO_LOGITS, INT8_CACHE -> {
        DataType type = this == INT8_CACHE ? DataType.INT8 : DataType.FLOAT;
        cache(g, "key", type, "batch_size", 2, "past_sequence_length", 4);
        cache(g, "value", type, "batch_size", 2, "past_sequence_length", 4);
      }
    }
    String out = this == NO_LOGITS ? "last_hidden_state" : "logits";
    g.opTo("head", "Cast", OnnxGraphBuilder.attrs(OnnxGraphBuilder.intAttr("to", DataType.FLOAT.getNumber())),
        new String[] {"input_ids"}, out);
    g.output(out, DataType.FLOAT, "batch_size", "sequence_length");
    ModelProto model = ModelProto.newBuilder().setIrVersion(DecoderGraph.IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(DecoderGraph.OPSET))
        .setProducerName("genpipe-testing").setGraph(g.build()).build();
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("model.onnx"), model.toByteArray());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model into " + dir, e);
    }
  }
}
