package io.genpipe.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.runtime.generate.GenerationParams;
import io.genpipe.runtime.generate.GenerationRequest;
import io.genpipe.runtime.generate.GenerationResult;
import io.genpipe.runtime.generate.Generator;
import io.genpipe.runtime.generate.TextRequest;
import io.genpipe.runtime.generate.TextResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * genpipe against an independent PyTorch greedy reference on a real pretrained model
 * (tinystories-260k): token for token, batched with left padding and one row at a time.
 */
class TinyStoriesParityTest {
  private static TextModel model;
  private static JsonNode reference;

  @BeforeAll
  static void load() throws Exception {
    Path dir = SharedModels.tinyStories();
    reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
    model = TextModel.load("tinystories-260k", dir, SessionConf.CPU_DEFAULT);
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  private static long[] ids(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  /** Greedy, no stopping (the reference does not stop on BOS/EOS), 64 new tokens. */
  private static GenerationParams greedy64() {
    return new GenerationParams(64, false, 1f, 50, 1f, 1f, Set.of(), List.of());
  }

  @Test
  void tokenizerMatchesReferenceIds() {
    for (JsonNode item : reference.get("items")) {
      assertArrayEquals(ids(item.get("prompt_ids")), model.tokenizer().encode(item.get("prompt").asText()),
          "prompt ids of " + item.get("prompt"));
    }
    for (JsonNode c : reference.get("tokenizer_cases")) {
      long[] expected = ids(c.get("ids_with_bos"));
      assertArrayEquals(expected, model.tokenizer().encode(c.get("text").asText()),
          "tokenizer case " + c.get("text"));
      assertEquals(c.get("decoded").asText(), model.tokenizer().decode(expected),
          "decoded tokenizer case " + c.get("text"));
    }
  }

  @Test
  void greedyBatchedWithLeftPaddingMatchesReference() {
    List<GenerationRequest> batch = new ArrayList<>();
    for (JsonNode item : reference.get("items")) {
      batch.add(new GenerationRequest(item.get("prompt").asText(), ids(item.get("prompt_ids")),
          greedy64(), new SplittableRandom(0)));
    }
    List<GenerationResult> results = new Generator(model.lm(), null, null).generate(batch);
    int i = 0;
    for (JsonNode item : reference.get("items")) {
      assertArrayEquals(ids(item.get("new_ids")), results.get(i++).newIds(),
          "batched greedy ids of " + item.get("prompt"));
    }
  }

  @Test
  void greedyOneAtATimeMatchesReferenceTokensAndText() {
    for (JsonNode item : reference.get("items")) {
      GenerationRequest one = new GenerationRequest("r", ids(item.get("prompt_ids")), greedy64(),
          new SplittableRandom(0));
      GenerationResult r = new Generator(model.lm(), null, null).generate(List.of(one)).get(0);
      assertArrayEquals(ids(item.get("new_ids")), r.newIds(), "greedy ids of " + item.get("prompt"));
      TextResult text = model.generation(null).generate(List.of(
          new TextRequest("t", item.get("prompt").asText(), greedy64(), 0L))).get(0);
      assertEquals(item.get("continuation_text").asText(), text.text());
      assertEquals(64, text.tokensOut());
    }
  }
}
