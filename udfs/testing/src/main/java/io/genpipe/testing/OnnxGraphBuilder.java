package io.genpipe.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal, deterministic builder of ONNX graphs on the raw protobuf classes.
 *
 * <p>Node outputs are named like the PyTorch exporter names them ({@code <node name>_output_0}),
 * so the generated graphs read like real exports. Constants are {@code Constant} nodes, which
 * also works inside {@code If} subgraphs.
 */
final class OnnxGraphBuilder {

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final String constantPrefix;
  private final Map<TensorProto, String> constants = new HashMap<>();

  /** Constant names start with {@code constantPrefix}: keep it unique per (sub)graph of a model. */
  OnnxGraphBuilder(String name, String constantPrefix) {
    graph.setName(name);
    this.constantPrefix = constantPrefix;
  }

  /** Declares a graph input; each dim is an {@link Integer} (fixed) or a {@link String} (symbolic). */
  void input(String name, DataType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  /** Declares a graph output; dims as in {@link #input}. */
  void output(String name, DataType type, Object... dims) {
    graph.addOutput(valueInfo(name, type, dims));
  }

  /** Adds a float32 weight as a graph initializer (raw little-endian data). */
  String initializer(String name, float[] values, long... dims) {
    requireSize(name, values.length, dims);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    graph.addInitializer(tensor(name, DataType.FLOAT, dims).setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  /** A 1-D int64 constant. */
  String ints(long... values) {
    return constant(tensor("", DataType.INT64, values.length).addAllInt64Data(boxed(values)));
  }

  /** A 0-D (scalar) int64 constant. */
  String scalar(long value) {
    return constant(tensor("", DataType.INT64).addInt64Data(value));
  }

  /** A 0-D (scalar) float32 constant. */
  String scalar(float value) {
    return constant(tensor("", DataType.FLOAT).addFloatData(value));
  }

  /** Adds a node with one output named {@code <name>_output_0} and returns that output name. */
  String op(String name, String opType, String... inputs) {
    return op(name, opType, new AttributeProto[0], inputs);
  }

  /** As {@link #op(String, String, String...)} with attributes. */
  String op(String name, String opType, AttributeProto[] attributes, String... inputs) {
    String out = name + "_output_0";
    opTo(name, opType, attributes, inputs, out);
    return out;
  }

  /** A {@code Cast} node to {@code type}. */
  String cast(String name, String input, DataType type) {
    return op(name, "Cast", attrs(intAttr("to", type.getNumber())), input);
  }

  /** Adds a node writing to the given output names (e.g. graph outputs). */
  void opTo(String name, String opType, AttributeProto[] attributes, String[] inputs, String... outputs) {
    NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(opType);
    for (String in : inputs) {
      node.addInput(in);
    }
    for (String out : outputs) {
      node.addOutput(out);
    }
    for (AttributeProto a : attributes) {
      node.addAttribute(a);
    }
    graph.addNode(node);
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto intsAttr(String name, long... values) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
        .addAllInts(boxed(values)).build();
  }

  static AttributeProto graphAttr(String name, GraphProto value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(value).build();
  }

  static AttributeProto[] attrs(AttributeProto... attributes) {
    return attributes;
  }

  static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object dim : dims) {
      if (dim instanceof Integer fixed) {
        shape.addDimBuilder().setDimValue(fixed);
      } else if (dim instanceof String symbolic) {
        shape.addDimBuilder().setDimParam(symbolic);
      } else {
        throw new IllegalArgumentException("dim must be Integer or String: " + dim);
      }
    }
    TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
  }

  /** One Constant node per distinct value (its output is reused). */
  private String constant(TensorProto.Builder value) {
    TensorProto tensor = value.build();
    String existing = constants.get(tensor);
    if (existing != null) {
      return existing;
    }
    String name = constantPrefix + "Constant_" + constants.size();
    AttributeProto attr = AttributeProto.newBuilder().setName("value")
        .setType(AttributeProto.AttributeType.TENSOR).setT(tensor).build();
    String out = op(name, "Constant", attrs(attr));
    constants.put(tensor, out);
    return out;
  }

  private static TensorProto.Builder tensor(String name, DataType type, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    return t;
  }

  private static void requireSize(String name, int length, long... dims) {
    long expected = 1;
    for (long d : dims) {
      expected *= d;
    }
    if (expected != length) {
      throw new IllegalArgumentException(name + ": " + length + " values for dims product " + expected);
    }
  }

  private static Iterable<Long> boxed(long... values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
