package io.genpipe.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.testing.RefusedDecoders;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exports genpipe cannot run are refused when the model is opened, naming model and reason. */
class RefusedLayoutsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(RefusedDecoders.class)
  void refusedWithAMessageNamingTheModelAndTheReason(RefusedDecoders layout) {
    Path dir = layout.write(tmp.resolve(layout.name()));
    OnnxModelException e = assertThrows(OnnxModelException.class,
        () -> OnnxCausalLm.load("acme/" + layout, dir, SessionConf.CPU_DEFAULT).close());
    String expected = switch (layout) {
      case BLOOM_RANK3_CACHE -> "input past_key_values.0.key has rank 3; genpipe supports the "
          + "[batch, kv_heads, past, head_dim] cache layout only";
      case BIGCODE_FUSED_CACHE -> "declares a key/value cache genpipe does not support: "
          + "[past_key_values.0.key_value]";
      case ENCODER_DECODER -> "declares inputs genpipe does not know how to feed: "
          + "[encoder_hidden_states] (encoder-decoder models such as T5 are not decoder-only LMs)";
      case NO_CACHE -> "has no usable key/value cache inputs";
      case INCOMPLETE_CACHE -> "declares an incomplete cache: expected past_key_values.0.value -> "
          + "present.0.value";
      case NO_LOGITS -> "has no 'logits' output (outputs: ";
      case INT8_CACHE -> "input past_key_values.0.key is INT8; genpipe supports float32 and float16";
    };
    assertTrue(e.getMessage().startsWith("model acme/" + layout + " "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
