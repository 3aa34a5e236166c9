package io.genpipe.runtime.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Generation defaults of one model, read from its {@code generation_config.json} with Hugging Face
 * defaults for what it leaves out ({@code do_sample=false, temperature=1, top_k=50, top_p=1,
 * repetition_penalty=1}). {@link #resolve} layers job options and a row's params over them.
 */
public final class GenerationDefaults {
  /** Parameter names a row may set, in the order they are recorded. */
  public static final List<String> KNOWN_PARAMS =
      List.of("max_new_tokens", "do_sample", "temperature", "top_k", "top_p",
          "repetition_penalty", "eos_token_id", "stop", "seed");

  /** genpipe's own default when neither the job nor the model bounds new tokens. */
  public static final int MAX_NEW_TOKENS_DEFAULT = 64;

  private final ObjectNode base;

  private GenerationDefaults(ObjectNode base) {
    this.base = base;
  }

  /** Hugging Face defaults only, with the given eos ids. */
  public static GenerationDefaults of(Set<Long> eosTokenIds) {
    ObjectNode node = hfDefaults();
    node.set("eos_token_id", ParamsParser.JSON.valueToTree(eosTokenIds));
    return new GenerationDefaults(node);
  }

  /** Reads {@code generation_config.json}; a missing file means Hugging Face defaults. */
  public static GenerationDefaults fromModelDir(Path modelDir) {
    return parse(readConfig(modelDir), modelDir.resolve("generation_config.json").toString());
  }

  /** The text of {@code dir/generation_config.json}, or null when the model has none. */
  public static String readConfig(Path modelDir) {
    Path file = modelDir.resolve("generation_config.json");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Defaults from the text of a {@code generation_config.json} (null: Hugging Face defaults only).
   * Keys genpipe does not use are ignored, as Hugging Face ignores them for generation.
   */
  public static GenerationDefaults fromJson(String generationConfig) {
    return parse(generationConfig, "generation_config.json");
  }

  private static GenerationDefaults parse(String generationConfig, String source) {
    ObjectNode node = hfDefaults();
    if (generationConfig != null) {
      JsonNode cfg;
      try {
        cfg = ParamsParser.JSON.readTree(generationConfig);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
      }
      for (String key : KNOWN_PARAMS) {
        if (cfg != null && cfg.hasNonNull(key)) {
          node.set(key, cfg.get(key));
        }
      }
    }
    return new GenerationDefaults(node);
  }

  private static ObjectNode hfDefaults() {
    ObjectNode node = ParamsParser.JSON.createObjectNode();
    node.put("max_new_tokens", MAX_NEW_TOKENS_DEFAULT);
    node.put("do_sample", false);
    node.put("temperature", 1.0);
    node.put("top_k", 50);
    node.put("top_p", 1.0);
    node.put("repetition_penalty", 1.0);
    node.putArray("eos_token_id");
    node.putArray("stop");
    return node;
  }

  /** Eos ids of the model, for callers that need them without resolving a row. */
  public Set<Long> eosTokenIds() {
    return ParamsParser.idSet(base.get("eos_token_id"), "eos_token_id");
  }

  /**
   * Layers {@code overrides} (job options first, then the row's params) over these defaults and
   * validates the result. Unknown names are refused, naming the accepted ones.
   */
  public Resolved resolve(List<ObjectNode> overrides) {
    ObjectNode merged = ParamsParser.layer(base, overrides, KNOWN_PARAMS, "text");
    GenerationParams params = toParams(merged);
    return new Resolved(params, seedOf(merged), canonical(params));
  }

  private static GenerationParams toParams(ObjectNode n) {
    return new GenerationParams(
        ParamsParser.intValue(n.get("max_new_tokens"), "max_new_tokens"),
        ParamsParser.boolValue(n.get("do_sample"), "do_sample"),
        ParamsParser.floatValue(n.get("temperature"), "temperature"),
        ParamsParser.intValue(n.get("top_k"), "top_k"),
        ParamsParser.floatValue(n.get("top_p"), "top_p"),
        ParamsParser.floatValue(n.get("repetition_penalty"), "repetition_penalty"),
        ParamsParser.idSet(n.get("eos_token_id"), "eos_token_id"),
        ParamsParser.stringList(n.get("stop"), "stop"));
  }

  private static Long seedOf(ObjectNode n) {
    JsonNode seed = n.get("seed");
    return seed == null || seed.isNull() ? null : ParamsParser.longValue(seed, "seed");
  }

  /**
   * The resolved parameters as JSON built from their typed values, so that equal parameters give
   * equal text whatever their spelling ({@code 1} vs {@code 1.0}, eos order): it feeds output ids.
   */
  private static ObjectNode canonical(GenerationParams p) {
    ObjectNode out = ParamsParser.JSON.createObjectNode();
    out.put("max_new_tokens", p.maxNewTokens());
    out.put("do_sample", p.doSample());
    out.put("temperature", decimal(p.temperature()));
    out.put("top_k", p.topK());
    out.put("top_p", decimal(p.topP()));
    out.put("repetition_penalty", decimal(p.repetitionPenalty()));
    p.eosTokenIds().stream().sorted().forEach(out.putArray("eos_token_id")::add);
    p.stop().forEach(out.putArray("stop")::add);
    return out;
  }

  /** The shortest decimal that reads back as the same float (0.7f is 0.7, not 0.699999988). */
  private static java.math.BigDecimal decimal(float f) {
    return new java.math.BigDecimal(Float.toString(f));
  }

  /**
   * A row's resolved parameters.
   *
   * @param seed the {@code seed} parameter when given, else null (the row's seed column and the
   *     job seed come next)
   * @param json the resolved parameters as canonical JSON (fixed key order), for provenance and
   *     output ids
   */
  public record Resolved(GenerationParams params, Long seed, ObjectNode json) {
    public String jsonString() {
      return json.toString();
    }
  }
}
