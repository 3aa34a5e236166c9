package io.genpipe.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts from a model folder's Hugging Face {@code config.json}. */
final class ModelConfig {
  static final String FILE_NAME = "config.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelConfig() {}

  /** {@code model_type} of {@code dir/config.json} ({@code llama}, {@code gpt2}, ...), or null. */
  static String family(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      JsonNode type = root == null ? null : root.path("model_type");
      return type != null && type.isTextual() && !type.asText().isBlank()
          ? type.asText().strip()
          : null;
    } catch (JsonProcessingException e) {
      throw new ModelException(
          "Model config "
              + file
              + " is not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")
              + ". Fix the file, or re-export the model.",
          e);
    } catch (IOException e) {
      throw new ModelException("Cannot read model config " + file + ": " + e, e);
    }
  }
}
