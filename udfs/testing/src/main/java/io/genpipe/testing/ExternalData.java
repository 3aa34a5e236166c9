package io.genpipe.testing;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Moves a model's weights into an ONNX external-data file, as exporters do above 2 GB: each float
 * initializer's bytes go to {@code <model>.onnx_data} (4 KiB aligned, as onnx.save does) and the
 * graph keeps only {@code location}/{@code offset}/{@code length}. ONNX Runtime then needs the
 * model opened by path, with the data file beside it.
 */
public final class ExternalData {
  private static final int ALIGN = 4096;

  private ExternalData() {}

  /** Rewrites {@code modelFile} in place and writes {@code modelFile + "_data"}; returns the data file. */
  public static Path externalise(Path modelFile) {
    try {
      ModelProto model = ModelProto.parseFrom(Files.readAllBytes(modelFile));
      String dataName = modelFile.getFileName() + "_data";
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      GraphProto.Builder g = model.getGraph().toBuilder();
      for (int i = 0; i < g.getInitializerCount(); i++) {
        TensorProto t = g.getInitializer(i);
        byte[] bytes = rawBytes(t);
        if (bytes.length < 64) {
          continue; // small constants stay inline, as exporters keep them
        }
        while (data.size() % ALIGN != 0) {
          data.write(0);
        }
        long offset = data.size();
        data.write(bytes);
        g.setInitializer(i, t.toBuilder().clearRawData().clearFloatData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", dataName))
            .addExternalData(entry("offset", Long.toString(offset)))
            .addExternalData(entry("length", Integer.toString(bytes.length))).build());
      }
      Path dataFile = modelFile.resolveSibling(dataName);
      Files.write(dataFile, data.toByteArray());
      Files.write(modelFile, model.toBuilder().setGraph(g).build().toByteArray());
      return dataFile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] rawBytes(TensorProto t) {
    if (!t.getRawData().isEmpty()) {
      return t.getRawData().toByteArray();
    }
    if (t.getFloatDataCount() > 0) {
      ByteBuffer b = ByteBuffer.allocate(4 * t.getFloatDataCount()).order(ByteOrder.LITTLE_ENDIAN);
      t.getFloatDataList().forEach(b::putFloat);
      return b.array();
    }
    return new byte[0];
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

}
