package io.genpipe.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.runtime.generate.InvalidParamsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentsFileTest {
  @TempDir Path tmp;

  static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * 0.25f - 3f;
    }
    return v;
  }

  static byte[] raw(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  /** A version-1 .npy file as numpy.save writes it (header padded to a multiple of 64). */
  static byte[] npy(float[] values, String shape) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
    int total = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.put(raw(values));
    return b.array();
  }

  @Test
  void readsRawAndNpy() throws IOException {
    float[] v = ramp(4 * 2 * 3);
    Path raw = Files.write(tmp.resolve("l.bin"), raw(v));
    assertArrayEquals(v, LatentsFile.read(raw, 4, 2, 3));
    Path npy = Files.write(tmp.resolve("l.npy"), npy(v, "4, 2, 3"));
    assertArrayEquals(v, LatentsFile.read(npy, 4, 2, 3));
    Path batched = Files.write(tmp.resolve("b.npy"), npy(v, "1, 4, 2, 3"));
    assertArrayEquals(v, LatentsFile.read(batched, 4, 2, 3));
  }

  /**
   * A 3 GB (sparse) file is refused by its size, before any reading: read whole it would need an
   * array over Java's limit (an OutOfMemoryError, not a row error).
   */
  @Test
  void oversizedFilesAndDevicesAreRefusedWithoutReadingThem() throws IOException {
    Path huge = tmp.resolve("huge.f32");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(3L << 30);
    }
    InvalidParamsException e = assertThrows(InvalidParamsException.class,
        () -> LatentsFile.read(huge, 4, 2, 3));
    assertTrue(e.getMessage().contains((3L << 30) + " bytes") && e.getMessage().contains("96 bytes"),
        e.getMessage());
    Path device = Path.of("/dev/zero");
    if (Files.exists(device)) {
      InvalidParamsException d = assertThrows(InvalidParamsException.class,
          () -> LatentsFile.read(device, 4, 2, 3));
      assertTrue(d.getMessage().contains("not a regular file"), d.getMessage());
    }
    Path npyWithSlack = Files.write(tmp.resolve("ok.npy"), npy(ramp(24), "4, 2, 3"));
    assertArrayEquals(ramp(24), LatentsFile.read(npyWithSlack, 4, 2, 3));
  }

  @Test
  void wrongShapesAndMissingFilesNameLatents() throws IOException {
    Path npy = Files.write(tmp.resolve("l.npy"), npy(ramp(24), "4, 3, 2"));
    Path raw = Files.write(tmp.resolve("l.bin"), raw(ramp(20)));
    for (Path p : new Path[] {npy, raw, tmp.resolve("missing.npy")}) {
      InvalidParamsException e = assertThrows(InvalidParamsException.class,
          () -> LatentsFile.read(p, 4, 2, 3));
      assertTrue(e.getMessage().startsWith("latents"), e.getMessage());
    }
  }
}
