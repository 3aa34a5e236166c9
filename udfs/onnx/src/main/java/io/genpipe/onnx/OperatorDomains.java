package io.genpipe.onnx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator domains an ONNX model imports ({@code ModelProto.opset_import}) that ONNX Runtime
 * does not implement itself: operators of such a domain exist only in a custom-op library, which
 * genpipe never loads (native code outside the model's digest). Domains of the model's own local
 * functions ({@code ModelProto.functions}) are defined inside the model and are not custom.
 *
 * <p>Reads the protobuf wire format of the top-level message only, skipping the graph and its
 * weights, so a multi-GB file costs a few reads.
 */
public final class OperatorDomains {
  /** Domains whose operators ONNX Runtime's CPU and CUDA builds include. */
  public static final Set<String> BUILT_IN = Set.of("", "ai.onnx", "ai.onnx.ml", "com.microsoft",
      "com.microsoft.nchwc", "com.microsoft.experimental", "com.ms.internal.nhwc",
      "ai.onnx.training", "ai.onnx.preview.training");
  private static final int OPSET_IMPORT = 8;
  private static final int FUNCTIONS = 25;
  private static final int OPSET_DOMAIN = 1;
  private static final int FUNCTION_DOMAIN = 10;

  private OperatorDomains() {}

  /** Imported domains of the model file that are neither built in nor the model's own functions. */
  public static Set<String> custom(Path onnxFile) throws IOException {
    Set<String> imported = new TreeSet<>();
    Set<String> ownFunctions = new TreeSet<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        Files.newInputStream(onnxFile)))) {
      for (int tag = readTag(in); tag >= 0; tag = readTag(in)) {
        int field = tag >>> 3;
        if (field == OPSET_IMPORT && (tag & 7) == 2) {
          imported.add(stringField(message(in), OPSET_DOMAIN));
        } else if (field == FUNCTIONS && (tag & 7) == 2) {
          ownFunctions.add(stringField(message(in), FUNCTION_DOMAIN));
        } else {
          skip(in, tag);
        }
      }
    }
    imported.removeAll(BUILT_IN);
    imported.removeAll(ownFunctions);
    return imported;
  }

  private static byte[] message(DataInputStream in) throws IOException {
    long length = varint(in);
    if (length > 1 << 20) {
      throw new IOException("an opset import or function header of " + length + " bytes: not an "
          + "ONNX model");
    }
    byte[] bytes = new byte[(int) length];
    in.readFully(bytes);
    return bytes;
  }

  /** A string field of a small message, "" when absent (protobuf's default). */
  private static String stringField(byte[] message, int wanted) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(message));
    String value = "";
    for (int tag = readTag(in); tag >= 0; tag = readTag(in)) {
      if (tag >>> 3 == wanted && (tag & 7) == 2) {
        value = new String(message(in), StandardCharsets.UTF_8);
      } else {
        skip(in, tag);
      }
    }
    return value;
  }

  private static void skip(DataInputStream in, int tag) throws IOException {
    switch (tag & 7) {
      case 0 -> varint(in);
      case 1 -> in.skipNBytes(8);
      case 2 -> in.skipNBytes(varint(in));
      case 5 -> in.skipNBytes(4);
      default -> throw new IOException("protobuf wire type " + (tag & 7) + " in field "
          + (tag >>> 3) + ": not an ONNX model");
    }
  }

  /** The next field tag, or -1 at the end of the message. */
  private static int readTag(InputStream in) throws IOException {
    int first = in.read();
    if (first < 0) {
      return -1;
    }
    long tag = first & 0x7f;
    if ((first & 0x80) != 0) {
      tag |= varint(in) << 7;
    }
    return (int) tag;
  }

  private static long varint(InputStream in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("truncated protobuf varint: not an ONNX model");
      }
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("protobuf varint longer than 10 bytes: not an ONNX model");
  }
}
