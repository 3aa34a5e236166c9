package io.genpipe.runtime.image;

import io.genpipe.runtime.generate.InvalidParamsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a row's supplied initial latents: a {@code .npy} file (little-endian float32, C order,
 * shape [C, h, w] or [1, C, h, w]) or any other file as raw little-endian float32 of exactly
 * C·h·w values. The file's size is checked against the shape before it is read, so a huge file or
 * a device is refused without reading it. Every problem is the row's {@code latents} parameter's
 * fault.
 */
public final class LatentsFile {
  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  /** The longest {@code .npy} preamble: magic, version, a 4-byte length and a 64 KiB header. */
  private static final long NPY_PREAMBLE_MAX = 12 + 65_536;

  private LatentsFile() {}

  public static float[] read(Path file, int channels, int height, int width) {
    int expected = channels * height * width;
    checkSize(file, (long) expected * Float.BYTES, channels, height, width);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidParamsException("latents file " + file + " cannot be read: " + e.getMessage());
    }
    ByteBuffer data = isNpy(bytes) ? npyData(file, bytes, channels, height, width)
        : ByteBuffer.wrap(bytes);
    if (data.remaining() != expected * Float.BYTES) {
      throw new InvalidParamsException("latents file " + file + " holds " + data.remaining()
          + " bytes; expected " + expected * Float.BYTES + " (float32 [" + channels + ", " + height
          + ", " + width + "] for this width and height)");
    }
    float[] out = new float[expected];
    data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    for (float v : out) {
      if (!Float.isFinite(v)) {
        throw new InvalidParamsException("latents file " + file + " contains NaN or infinity");
      }
    }
    return out;
  }

  /** Refuses what is not a regular file of {@code dataBytes} plus at most an .npy preamble. */
  private static void checkSize(Path file, long dataBytes, int c, int h, int w) {
    long size;
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidParamsException("latents file " + file + " is " + (Files.exists(file)
            ? "not a regular file" : "missing") + "; give a raw float32 or .npy file");
      }
      size = Files.size(file);
    } catch (IOException e) {
      throw new InvalidParamsException("latents file " + file + " cannot be read: " + e.getMessage());
    }
    if (size < dataBytes || size > dataBytes + NPY_PREAMBLE_MAX) {
      throw new InvalidParamsException("latents file " + file + " is " + size + " bytes; float32 ["
          + c + ", " + h + ", " + w + "] for this width and height is " + dataBytes + " bytes (raw) "
          + "or that plus an .npy header");
    }
  }

  private static boolean isNpy(byte[] bytes) {
    return bytes.length >= 10 && Arrays.equals(Arrays.copyOf(bytes, 6), NPY_MAGIC);
  }

  private static ByteBuffer npyData(Path file, byte[] bytes, int c, int h, int w) {
    int major = bytes[6];
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = major == 1 ? Short.toUnsignedInt(in.getShort(8)) : in.getInt(8);
    int start = major == 1 ? 10 : 12;
    if (start + headerLength > bytes.length) {
      throw new InvalidParamsException("latents file " + file + " has a truncated .npy header");
    }
    String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header);
    if (!"<f4".equals(descr) && !"float32".equals(descr)) {
      throw new InvalidParamsException("latents file " + file + " has dtype " + descr
          + "; save it as float32 (numpy '<f4')");
    }
    if ("True".equals(group(FORTRAN, header))) {
      throw new InvalidParamsException("latents file " + file + " is in Fortran order; save a C-order "
          + "array (numpy.ascontiguousarray)");
    }
    long[] shape = Arrays.stream(group(SHAPE, header).split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    long[] want = {c, h, w};
    long[] wantBatched = {1, c, h, w};
    if (!Arrays.equals(shape, want) && !Arrays.equals(shape, wantBatched)) {
      throw new InvalidParamsException("latents file " + file + " has shape " + Arrays.toString(shape)
          + "; expected " + Arrays.toString(want) + " for this width and height");
    }
    return ByteBuffer.wrap(bytes, start + headerLength, bytes.length - start - headerLength).slice();
  }

  private static String group(Pattern p, String header) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new InvalidParamsException("latents .npy header lacks " + p.pattern() + ": " + header);
    }
    return m.group(1);
  }
}
