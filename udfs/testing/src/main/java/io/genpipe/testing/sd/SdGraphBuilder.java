package io.genpipe.testing.sd;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * A minimal deterministic ONNX graph builder for the Stable Diffusion fixtures, with the same
 * conventions as {@code io.genpipe.testing.OnnxGraphBuilder} (outputs named
 * {@code <node>_output_0}, raw little-endian initializers, symbolic dims as strings). That builder
 * is package-private to {@code io.genpipe.testing}; once it is public this class can delegate to it.
 */
final class SdGraphBuilder {
  static final long IR_VERSION = 7;
  static final long OPSET = 14;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int constants;

  SdGraphBuilder(String name) {
    graph.setName(name);
  }

  /** Declares a graph input; each dim is an Integer (fixed) or a String (symbolic); none: a scalar. */
  void input(String name, DataType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  void output(String name, DataType type, Object... dims) {
    graph.addOutput(valueInfo(name, type, dims));
  }

  /** A float32 initializer; returns its name. */
  String weight(String name, float[] values, long... dims) {
    long n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    if (n != values.length) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for dims " + Arrays.toString(dims));
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(bytes.array()));
    Arrays.stream(dims).forEach(t::addDims);
    graph.addInitializer(t);
    return name;
  }

  /** A 1-D int64 Constant node. */
  String ints(long... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setDataType(DataType.INT64.getNumber())
        .addDims(values.length);
    Arrays.stream(values).forEach(t::addInt64Data);
    AttributeProto value = AttributeProto.newBuilder().setName("value")
        .setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    return op("/Constant_" + constants++, "Constant", new AttributeProto[] {value});
  }

  String op(String name, String opType, String... inputs) {
    return op(name, opType, new AttributeProto[0], inputs);
  }

  String op(String name, String opType, AttributeProto[] attributes, String... inputs) {
    String out = name + "_output_0";
    opTo(name, opType, attributes, inputs, out);
    return out;
  }

  void opTo(String name, String opType, AttributeProto[] attributes, String[] inputs, String output) {
    NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(opType).addOutput(output);
    Arrays.stream(inputs).forEach(node::addInput);
    Arrays.stream(attributes).forEach(node::addAttribute);
    graph.addNode(node);
  }

  String cast(String name, String input, DataType to) {
    return op(name, "Cast", new AttributeProto[] {intAttr("to", to.getNumber())}, input);
  }

  ModelProto model(String doc, Map<String, String> metadata) {
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("genpipe-testing")
        .setProducerVersion("1")
        .setDocString(doc)
        .setGraph(graph);
    metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto intsAttr(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    Arrays.stream(values).forEach(a::addInts);
    return a.build();
  }

  static AttributeProto stringAttr(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  static AttributeProto[] attrs(AttributeProto... a) {
    return a;
  }

  private static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
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
}
