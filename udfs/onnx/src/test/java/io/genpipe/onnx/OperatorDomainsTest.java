package io.genpipe.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.genpipe.testing.CustomOperatorDomain;
import io.genpipe.testing.DecoderVariant;
import io.genpipe.testing.TinyDecoderModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which imported operator domains would need a custom-op library. */
class OperatorDomainsTest {
  @TempDir Path tmp;

  @Test
  void standardExportImportsNoCustomDomain() throws IOException {
    Path model = TinyDecoderModels.write(tmp.resolve("lm"), DecoderVariant.STANDARD).resolve("model.onnx");
    assertEquals(Set.of(), OperatorDomains.custom(model));
  }

  @Test
  void anExtraDomainIsFoundButContribAndTheModelsOwnFunctionsAreNot() throws IOException {
    Path model = TinyDecoderModels.write(tmp.resolve("lm"), DecoderVariant.STANDARD).resolve("model.onnx");
    CustomOperatorDomain.add(model, "com.microsoft");
    CustomOperatorDomain.add(model, "ai.onnx.contrib");
    CustomOperatorDomain.add(model, "local.functions");
    ModelProto withFunction = ModelProto.parseFrom(Files.readAllBytes(model)).toBuilder()
        .addFunctions(FunctionProto.newBuilder().setName("f").setDomain("local.functions")).build();
    Files.write(model, withFunction.toByteArray());
    assertEquals(Set.of("ai.onnx.contrib"), OperatorDomains.custom(model));
  }

  @Test
  void aFileThatIsNotProtobufIsAnError() throws IOException {
    Path bad = Files.writeString(tmp.resolve("bad.onnx"), "not an onnx file");
    assertThrows(IOException.class, () -> OperatorDomains.custom(bad));
  }
}
