package io.genpipe.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationDefaultsTest {
  @TempDir Path dir;

  private GenerationDefaults model(String generationConfig) throws IOException {
    Files.writeString(dir.resolve("generation_config.json"), generationConfig);
    return GenerationDefaults.fromModelDir(dir);
  }

  private static List<ObjectNode> layers(String... json) {
    return Arrays.stream(json).map(ParamsParser::parseObject).toList();
  }

  private static String refused(GenerationDefaults d, String... json) {
    return assertThrows(InvalidParamsException.class, () -> d.resolve(layers(json))).getMessage();
  }

  @Test
  void missingConfigMeansHuggingFaceDefaults() {
    GenerationDefaults.Resolved r = GenerationDefaults.fromModelDir(dir).resolve(List.of());
    assertEquals(new GenerationParams(64, false, 1f, 50, 1f, 1f, Set.of(), List.of()), r.params());
    assertNull(r.seed());
    assertEquals("{\"max_new_tokens\":64,\"do_sample\":false,\"temperature\":1.0,\"top_k\":50,"
        + "\"top_p\":1.0,\"repetition_penalty\":1.0,\"eos_token_id\":[],\"stop\":[]}",
        r.jsonString());
  }

  @Test
  void readsAGenerationConfigWithAnEosList() throws IOException {
    GenerationDefaults d = model("""
        {"_from_model_config": true, "bos_token_id": 1, "eos_token_id": [2, 7],
         "do_sample": true, "temperature": 0.6, "top_p": 0.9, "pad_token_id": null,
         "transformers_version": "4.44.0"}""");
    assertEquals(Set.of(2L, 7L), d.eosTokenIds());
    GenerationParams p = d.resolve(List.of()).params();
    assertEquals(new GenerationParams(64, true, 0.6f, 50, 0.9f, 1f, Set.of(2L, 7L), List.of()), p);
  }

  @Test
  void readsASingleEosIdAndIgnoresNulls() throws IOException {
    GenerationDefaults d = model("""
        {"eos_token_id": 2, "max_new_tokens": 200, "repetition_penalty": 1.1,
         "top_k": null, "do_sample": false}""");
    assertEquals(Set.of(2L), d.eosTokenIds());
    GenerationParams p = d.resolve(List.of()).params();
    assertEquals(200, p.maxNewTokens());
    assertEquals(1.1f, p.repetitionPenalty());
    assertEquals(50, p.topK()); // null in the file: HF default
  }

  @Test
  void unreadableConfigNamesTheFile() throws IOException {
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> model("{not json"));
    assertTrue(e.getMessage().contains("generation_config.json"), e.getMessage());
  }

  @Test
  void rowBeatsJobBeatsModelBeatsHuggingFace() throws IOException {
    GenerationDefaults d = model("""
        {"eos_token_id": 2, "do_sample": true, "temperature": 0.6, "top_p": 0.9,
         "max_new_tokens": 100}""");
    GenerationParams p = d.resolve(layers(
        "{\"temperature\": 0.8, \"top_k\": 10, \"max_new_tokens\": 20}", // job
        "{\"temperature\": 0.9}")).params(); // row
    assertEquals(0.9f, p.temperature()); // row over job over model
    assertEquals(10, p.topK()); // job over HF default 50
    assertEquals(20, p.maxNewTokens()); // job over model
    assertEquals(0.9f, p.topP()); // model over HF default 1
    assertEquals(1f, p.repetitionPenalty()); // HF default
    assertTrue(p.doSample());
    assertEquals(Set.of(2L), p.eosTokenIds());
    // and the other way round: the job's value survives a row that does not set it
    assertEquals(0.8f, d.resolve(layers("{\"temperature\": 0.8}", "{}")).params().temperature());
  }

  @Test
  void unknownParameterIsRefusedNamingItAndTheAcceptedOnes() {
    String m = refused(GenerationDefaults.of(Set.of()), "{\"temprature\": 0.5}");
    assertEquals("unknown text parameter 'temprature'; accepted: max_new_tokens, do_sample, "
        + "temperature, top_k, top_p, repetition_penalty, eos_token_id, stop, seed", m);
    // in the job layer too
    assertTrue(refused(GenerationDefaults.of(Set.of()), "{\"max_tokens\": 5}", "{}")
        .contains("'max_tokens'"));
  }

  @Test
  void wrongTypesAreRefusedNamingTheParameterAndValue() {
    GenerationDefaults d = GenerationDefaults.of(Set.of(2L));
    assertEquals("temperature must be a number, got \"hot\"",
        refused(d, "{\"temperature\": \"hot\"}"));
    assertEquals("max_new_tokens must be an integer, got 1.5",
        refused(d, "{\"max_new_tokens\": 1.5}"));
    assertEquals("max_new_tokens must be an integer, got 10000000000",
        refused(d, "{\"max_new_tokens\": 10000000000}"));
    assertEquals("do_sample must be true or false, got \"yes\"",
        refused(d, "{\"do_sample\": \"yes\"}"));
    assertTrue(refused(d, "{\"eos_token_id\": [\"a\"]}").startsWith("eos_token_id must be"));
    assertTrue(refused(d, "{\"stop\": 5}").startsWith("stop must be a string or a list"));
    assertTrue(refused(d, "{\"stop\": [\"a\", 1]}").startsWith("stop must be a string or a list"));
    assertEquals("seed must be an integer, got \"x\"", refused(d, "{\"seed\": \"x\"}"));
    assertEquals("top_p must be in (0, 1], got 1.5", refused(d, "{\"top_p\": 1.5}"));
  }

  @Test
  void stopAcceptsAStringOrAList() {
    GenerationDefaults d = GenerationDefaults.of(Set.of());
    assertEquals(List.of("###"), d.resolve(layers("{\"stop\": \"###\"}")).params().stop());
    assertEquals(List.of("a", "b"), d.resolve(layers("{\"stop\": [\"a\", \"b\"]}")).params().stop());
    assertEquals(Set.of(5L), d.resolve(layers("{\"eos_token_id\": 5}")).params().eosTokenIds());
  }

  @Test
  void canonicalJsonHasAFixedKeyOrderAndLeavesOutTheSeed() {
    GenerationDefaults d = GenerationDefaults.of(Set.of(2L));
    GenerationDefaults.Resolved a = d.resolve(layers(
        "{\"seed\": 7, \"stop\": [\"\\n\"], \"temperature\": 0.5, \"do_sample\": true}"));
    GenerationDefaults.Resolved b = d.resolve(layers(
        "{\"do_sample\": true}", "{\"temperature\": 0.5, \"seed\": 7, \"stop\": [\"\\n\"]}"));
    String expected = "{\"max_new_tokens\":64,\"do_sample\":true,\"temperature\":0.5,\"top_k\":50,"
        + "\"top_p\":1.0,\"repetition_penalty\":1.0,\"eos_token_id\":[2],\"stop\":[\"\\n\"]}";
    assertEquals(expected, a.jsonString());
    assertEquals(expected, b.jsonString());
    assertEquals(7L, a.seed());
    assertEquals(7L, b.seed());
    assertFalse(a.json().has("seed"));
    assertNull(d.resolve(layers("{\"seed\": null}")).seed());
  }

  @Test
  void resolvingDoesNotLeakIntoTheDefaults() {
    GenerationDefaults d = GenerationDefaults.of(Set.of(2L));
    d.resolve(layers("{\"temperature\": 0.5, \"stop\": \"x\"}"));
    GenerationDefaults.Resolved again = d.resolve(List.of());
    assertEquals(1f, again.params().temperature());
    assertEquals(List.of(), again.params().stop());
  }
}
