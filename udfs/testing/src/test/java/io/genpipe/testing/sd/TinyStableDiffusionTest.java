package io.genpipe.testing.sd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fixtures are deterministic, small, declare their exporter's contract and run. */
class TinyStableDiffusionTest {
  private static final List<String> PARTS = List.of("text_encoder", "unet", "vae_decoder");
  private static OrtEnvironment env;

  @TempDir Path tmp;

  /** ONNX Runtime's native initialisation wants a large stack (see io.genpipe.onnx.OrtRuntime). */
  @BeforeAll
  static void loadRuntime() throws InterruptedException {
    AtomicReference<OrtEnvironment> ref = new AtomicReference<>();
    Thread t = new Thread(null, () -> ref.set(OrtEnvironment.getEnvironment()), "ort-init", 64L << 20);
    t.start();
    t.join();
    env = ref.get();
  }

  @Test
  void writtenIdenticallyTwiceAndSeedMatters() throws Exception {
    for (SdVariant v : SdVariant.values()) {
      Path a = TinyStableDiffusion.write(tmp.resolve("a-" + v), v);
      Path b = TinyStableDiffusion.write(tmp.resolve("b-" + v), v);
      List<Path> files = files(a);
      assertEquals(files, files(b));
      assertEquals(11, files.size(), files.toString());
      for (Path f : files) {
        assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
      }
    }
    Path c = TinyStableDiffusion.write(tmp.resolve("c"), SdVariant.OPTIMUM, 99L);
    assertFalse(Arrays.equals(Files.readAllBytes(c.resolve("unet/model.onnx")),
        Files.readAllBytes(tmp.resolve("a-OPTIMUM/unet/model.onnx"))));
  }

  @ParameterizedTest
  @EnumSource(SdVariant.class)
  void eachGraphIsUnder100KbAndDeclaresItsExporterContract(SdVariant v) throws Exception {
    Path dir = TinyStableDiffusion.write(tmp, v);
    for (String part : PARTS) {
      long size = Files.size(dir.resolve(part).resolve("model.onnx"));
      assertTrue(size < 100_000, part + " is " + size + " bytes");
    }
    try (OrtSession text = open(dir, "text_encoder"); OrtSession unet = open(dir, "unet")) {
      TensorInfo ids = info(text.getInputInfo().get("input_ids").getInfo());
      assertEquals(v == SdVariant.OPTIMUM ? OnnxJavaType.INT64 : OnnxJavaType.INT32, ids.type);
      assertEquals(List.of(v.batch(), v.sequence()), List.of(ids.getDimensionNames()));
      TensorInfo timestep = info(unet.getInputInfo().get("timestep").getInfo());
      assertEquals(v == SdVariant.OPTIMUM ? OnnxJavaType.FLOAT : OnnxJavaType.INT64, timestep.type);
      assertEquals(v == SdVariant.OPTIMUM ? 0 : 1, timestep.getShape().length);
      assertEquals(v.hidden(), info(unet.getInputInfo().get("encoder_hidden_states").getInfo()).getShape()[2]);
      assertEquals(List.of("out_sample"), List.copyOf(unet.getOutputNames()));
    }
  }

  @ParameterizedTest
  @EnumSource(SdVariant.class)
  void thePartsComputeWithTheDocumentedShapes(SdVariant v) throws Exception {
    Path dir = TinyStableDiffusion.write(tmp, v);
    int eos = TinyStableDiffusion.specialIds()[1];
    int h = v.hidden();
    long[] idRows = new long[2 * 77];
    Arrays.fill(idRows, eos);
    idRows[0] = TinyStableDiffusion.specialIds()[0];
    idRows[1] = 300;
    idRows[77] = TinyStableDiffusion.specialIds()[0];
    float[] hidden;
    try (OrtSession text = open(dir, "text_encoder");
        OnnxTensor in = ids(v, idRows);
        OrtSession.Result r = text.run(Map.of("input_ids", in))) {
      hidden = floats(r.get(0));
      float[] pooled = floats(r.get(1));
      assertEquals(2 * 77 * h, hidden.length);
      assertArrayEquals(Arrays.copyOfRange(hidden, 2 * h, 3 * h), Arrays.copyOfRange(pooled, 0, h),
          "row 0 pools at its first eos, position 2");
      assertArrayEquals(Arrays.copyOfRange(hidden, (77 + 1) * h, (77 + 2) * h),
          Arrays.copyOfRange(pooled, h, 2 * h), "row 1 pools at position 1");
    }
    try (OrtSession unet = open(dir, "unet");
        OnnxTensor sample = OnnxTensor.createTensor(env, FloatBuffer.wrap(ramp(2 * 4 * 8 * 8)), new long[] {2, 4, 8, 8});
        OnnxTensor t = timestep(v, 981);
        OnnxTensor states = OnnxTensor.createTensor(env, FloatBuffer.wrap(hidden), new long[] {2, 77, h});
        OrtSession.Result r = unet.run(Map.of("sample", sample, "timestep", t, "encoder_hidden_states", states))) {
      assertArrayEquals(new long[] {2, 4, 8, 8}, ((OnnxTensor) r.get(0)).getInfo().getShape());
    }
    try (OrtSession vae = open(dir, "vae_decoder");
        OnnxTensor z = OnnxTensor.createTensor(env, FloatBuffer.wrap(ramp(4 * 8 * 8)), new long[] {1, 4, 8, 8});
        OrtSession.Result r = vae.run(Map.of("latent_sample", z))) {
      assertArrayEquals(new long[] {1, 3, 64, 64}, ((OnnxTensor) r.get(0)).getInfo().getShape());
      for (float x : floats(r.get(0))) {
        assertTrue(x > -1 && x < 1, "decoder output " + x);
      }
    }
  }

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) Math.sin(i * 0.37) * 3;
    }
    return v;
  }

  private static OnnxTensor ids(SdVariant v, long[] values) throws Exception {
    long[] shape = {values.length / 77, 77};
    if (v.idsType() == ai.onnx.proto.OnnxMl.TensorProto.DataType.INT32) {
      return OnnxTensor.createTensor(env, IntBuffer.wrap(Arrays.stream(values).mapToInt(x -> (int) x).toArray()), shape);
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
  }

  private static OnnxTensor timestep(SdVariant v, long t) throws Exception {
    if (v.scalarTimestep()) {
      return OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {t}), new long[0]);
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {t, t}), new long[] {2});
  }

  private static float[] floats(ai.onnxruntime.OnnxValue value) {
    FloatBuffer b = ((OnnxTensor) value).getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  private static TensorInfo info(ai.onnxruntime.ValueInfo i) {
    return (TensorInfo) i;
  }

  private static OrtSession open(Path dir, String part) throws Exception {
    return env.createSession(dir.resolve(part).resolve("model.onnx").toString(), new OrtSession.SessionOptions());
  }

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
