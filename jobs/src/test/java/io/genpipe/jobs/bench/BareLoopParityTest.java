package io.genpipe.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.runtime.generate.GenerationRequest;
import io.genpipe.runtime.generate.GenerationResult;
import io.genpipe.runtime.generate.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's bare ONNX Runtime loop and the genpipe runtime must do the same work: on the
 * real tinystories-260k model (read in place from the shared fixtures), a left-padded batch gives
 * the same greedy ids from both, and those ids start the independent PyTorch reference's.
 */
class BareLoopParityTest {
  private static final int NEW_TOKENS = 8;

  private static Path tinyStories() {
    String shared = System.getProperty("genpipe.shared.dir");
    Path dir = shared == null ? null
        : Path.of(shared, "models", "tinystories-260k").toAbsolutePath().normalize();
    assumeTrue(dir != null && Files.isRegularFile(dir.resolve("model.onnx")),
        "tinystories-260k not found (genpipe.shared.dir=" + shared + "); shared real-model "
            + "fixtures absent, bare-loop parity test skipped");
    return dir;
  }

  @Test
  void bareLoopAndGenpipeGiveIdenticalGreedyIds() throws Exception {
    Path dir = tinyStories();
    JsonNode items = new ObjectMapper().readTree(dir.resolve("reference.json").toFile())
        .get("items");
    List<long[]> prompts = new ArrayList<>();
    List<long[]> expected = new ArrayList<>();
    for (int i = 0; i < 2; i++) { // two prompts of different lengths: left padding is exercised
      prompts.add(ids(items.get(i).get("prompt_ids")));
      expected.add(Arrays.copyOf(ids(items.get(i).get("new_ids")), NEW_TOKENS));
    }
    try (TextModel model = TextModel.load("tinystories-260k", dir, SessionConf.CPU_DEFAULT);
        BareKvLoop bare = new BareKvLoop(dir, 1)) {
      long[][] bareIds = bare.generate(prompts.toArray(long[][]::new), NEW_TOKENS,
          BareKvLoop.StepTimer.NONE);
      List<GenerationRequest> requests = new ArrayList<>();
      for (long[] p : prompts) {
        requests.add(new GenerationRequest("r" + requests.size(), p,
            ModelBench.greedy(NEW_TOKENS), new SplittableRandom(0)));
      }
      List<GenerationResult> genpipe = new Generator(model.lm(), null, null).generate(requests);
      assertEquals(prompts.size(), genpipe.size());
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(genpipe.get(i).newIds(), bareIds[i], "bare vs genpipe, row " + i);
        assertArrayEquals(expected.get(i), bareIds[i], "bare vs PyTorch reference, row " + i);
      }
    }
  }

  private static long[] ids(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}
