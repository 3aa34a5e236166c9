package io.genpipe.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a decoder's ONNX graph declares, read from its inputs and outputs (Optimum's
 * decoder-with-past contract): cache names per layer, cache element type, heads and head size,
 * and the optional {@code position_ids} and {@code use_cache_branch} inputs. Layouts genpipe cannot
 * run are refused here, naming the model and what was found.
 */
final class DecoderLayout {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String POSITION_IDS = "position_ids";
  static final String USE_CACHE_BRANCH = "use_cache_branch";
  static final String LOGITS = "logits";
  private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(key|value)");

  /** One cache tensor: what is fed as past and the output that becomes the next past. */
  record CacheSlot(String pastName, String presentName) {}

  final List<CacheSlot> slots;
  /** The {@code present.*} outputs of every slot: what a step asks for besides the logits. */
  final Set<String> presentNames;
  final OnnxJavaType kvType;
  final int kvHeads;
  final int headDim;
  final boolean positionIds;
  final boolean useCacheBranch;
  final OnnxJavaType idsType;
  final OnnxJavaType maskType;
  final OnnxJavaType logitsType;
  final int vocabSize;
  /** Whether ONNX Runtime knows the vocabulary dimension of {@code logits} (declared or inferred). */
  final boolean logitsShapeDeclared;

  private DecoderLayout(List<CacheSlot> slots, TensorInfo past, ModelConfig config,
      Map<String, NodeInfo> inputs, TensorInfo logits, String modelId) {
    this.slots = slots;
    this.presentNames = slots.stream().map(CacheSlot::presentName)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.kvType = past.type;
    this.kvHeads = dimOrConfig(past.getShape()[1], config.kvHeads().orElse(-1), "kv heads", modelId);
    this.headDim = dimOrConfig(past.getShape()[3], config.headDim().orElse(-1), "head_dim", modelId);
    this.positionIds = inputs.containsKey(POSITION_IDS);
    this.useCacheBranch = inputs.containsKey(USE_CACHE_BRANCH);
    this.idsType = tensor(inputs.get(INPUT_IDS)).type;
    this.maskType = tensor(inputs.get(ATTENTION_MASK)).type;
    this.logitsType = logits.type;
    long v = logits.getShape()[logits.getShape().length - 1];
    this.logitsShapeDeclared = v > 0 && logits.getShape().length == 3;
    this.vocabSize = dimOrConfig(v, config.vocabSize().orElse(-1), "vocab size", modelId);
  }

  /** Reads the layout of a session that takes a cache (single, merged, or with-past model). */
  static DecoderLayout read(String modelId, OrtSession session, ModelConfig config) {
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      requireInputs(modelId, inputs.keySet());
      List<CacheSlot> slots = slots(modelId, inputs.keySet(), outputs.keySet());
      TensorInfo past = tensor(inputs.get(slots.get(0).pastName()));
      checkCache(modelId, slots.get(0).pastName(), past);
      if (!outputs.containsKey(LOGITS)) {
        throw new OnnxModelException("model " + modelId + " has no 'logits' output (outputs: "
            + outputs.keySet() + "); export it as a causal LM with past (Optimum task "
            + "text-generation-with-past)");
      }
      return new DecoderLayout(slots, past, config, inputs, tensor(outputs.get(LOGITS)), modelId);
    } catch (OrtException e) {
      throw new OnnxModelException("cannot read inputs of model " + modelId + ": " + e.getMessage(), e);
    }
  }

  private static void requireInputs(String modelId, Set<String> names) {
    for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
      if (!names.contains(required)) {
        throw new OnnxModelException("model " + modelId + " has no '" + required + "' input (inputs: "
            + new TreeSet<>(names) + "); genpipe runs decoder LMs in Optimum's contract");
      }
    }
    Set<String> unknown = new TreeSet<>();
    for (String n : names) {
      if (!PAST.matcher(n).matches() && !List.of(INPUT_IDS, ATTENTION_MASK, POSITION_IDS,
          USE_CACHE_BRANCH).contains(n)) {
        unknown.add(n);
      }
    }
    if (unknown.stream().anyMatch(n -> n.startsWith("past_key_values."))) {
      throw new OnnxModelException("model " + modelId + " declares a key/value cache genpipe does not "
          + "support: " + unknown + "; genpipe runs separate past_key_values.{i}.key and .value "
          + "inputs of layout [batch, kv_heads, past, head_dim] (gpt_bigcode's fused multi-query "
          + "key_value cache is not supported)");
    }
    if (!unknown.isEmpty()) {
      throw new OnnxModelException("model " + modelId + " declares inputs genpipe does not know how "
          + "to feed: " + unknown + (unknown.stream().anyMatch(n -> n.contains("encoder"))
              ? " (encoder-decoder models such as T5 are not decoder-only LMs)" : ""));
    }
  }

  private static List<CacheSlot> slots(String modelId, Set<String> inputs, Set<String> outputs) {
    List<CacheSlot> slots = new ArrayList<>();
    for (int layer = 0; inputs.contains("past_key_values." + layer + ".key"); layer++) {
      for (String kind : List.of("key", "value")) {
        String past = "past_key_values." + layer + "." + kind;
        String present = "present." + layer + "." + kind;
        if (!inputs.contains(past) || !outputs.contains(present)) {
          throw new OnnxModelException("model " + modelId + " declares an incomplete cache: expected "
              + past + " -> " + present);
        }
        slots.add(new CacheSlot(past, present));
      }
    }
    long declared = inputs.stream().filter(n -> PAST.matcher(n).matches()).count();
    if (slots.isEmpty() || slots.size() != declared) {
      throw new OnnxModelException("model " + modelId + " has no usable key/value cache inputs "
          + "(past_key_values.{i}.key|value for i = 0..n-1); export with past (Optimum "
          + "text-generation-with-past)");
    }
    return slots;
  }

  private static void checkCache(String modelId, String name, TensorInfo past) {
    if (past.getShape().length != 4) {
      throw new OnnxModelException("model " + modelId + " input " + name + " has rank "
          + past.getShape().length + "; genpipe supports the [batch, kv_heads, past, head_dim] "
          + "cache layout only (fused layouts such as Bloom's or gpt_bigcode's multi-query cache "
          + "are not supported)");
    }
    if (past.type != OnnxJavaType.FLOAT && past.type != OnnxJavaType.FLOAT16) {
      throw new OnnxModelException("model " + modelId + " input " + name + " is " + past.type
          + "; genpipe supports float32 and float16 caches");
    }
  }

  private static int dimOrConfig(long declared, int fromConfig, String what, String modelId) {
    if (declared > 0) {
      return (int) declared;
    }
    if (fromConfig > 0) {
      return fromConfig;
    }
    throw new OnnxModelException("model " + modelId + ": " + what + " is symbolic in the graph and "
        + "missing from config.json; add it to config.json");
  }

  static TensorInfo tensor(NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo t)) {
      throw new OnnxModelException("input/output " + node.getName() + " is not a tensor");
    }
    return t;
  }
}
