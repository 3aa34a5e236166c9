package io.genpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.spark.DistributedModel;
import io.genpipe.udf.spark.PolicyDecision;
import io.genpipe.udf.spark.TaskModels;
import java.util.Map;

/** The run's provenance: {@code OUT/runs/<run_id>.json}. Secrets are redacted before writing. */
final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectNode root = JSON.createObjectNode();

  RunReport(JobConf conf, String applicationId, String onnxRuntimeVersion) {
    root.put("run_id", conf.runId());
    root.put("job_name", conf.jobName());
    root.put("genpipe_version", GenpipeVersion.get());
    root.put("onnxruntime_version", onnxRuntimeVersion);
    root.put("spark_application_id", applicationId);
    root.set("config", config(conf));
  }

  private static ObjectNode config(JobConf conf) {
    ObjectNode c = JSON.createObjectNode();
    c.put("prompts", conf.prompts());
    c.put("out", conf.out());
    c.put("text_model", conf.models().textModel());
    c.set("models", JSON.valueToTree(conf.models().namedModels()));
    c.put("image_model", conf.models().imageModel());
    c.put("master", conf.master());
    c.put("partitions", conf.partitions());
    c.put("batch_size", conf.generation().batchSize());
    c.put("image_batch_memory_bytes", conf.generation().imageBatch().memoryBytes());
    c.put("image_max_batch", conf.generation().imageBatch().maxBatch());
    c.put("seed", conf.generation().seed());
    c.set("params", readTree(conf.generation().textParams()));
    c.set("image_params", readTree(conf.generation().imageParams()));
    c.put("usage", conf.policy().usage().wireName());
    c.put("allow_unknown_license", conf.policy().allowUnknown());
    c.put("intra_op_threads", conf.models().intraOpThreads());
    c.put("resume", conf.resume());
    c.set("spark_conf", JSON.valueToTree(Secrets.redact(conf.sparkConf())));
    return c;
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("params were validated as JSON", e);
    }
  }

  RunReport models(TaskModels models) {
    ArrayNode arr = root.putArray("models");
    models.text().values().forEach(m -> model(arr.addObject(), "text", m.name(), m.model(), m.policy()));
    models.image().values().forEach(m -> model(arr.addObject(), "image", m.name(), m.model(), m.policy()));
    return this;
  }

  private static void model(ObjectNode n, String task, String name, DistributedModel m,
      PolicyDecision policy) {
    ModelDescriptor d = m.descriptor();
    n.put("task", task);
    n.put("distribution", m.distribution().wireName());
    n.put("name", name);
    n.put("model_id", d.modelId());
    n.put("uri", d.uri());
    n.put("sha256", d.sha256());
    n.put("family", d.family());
    n.put("pipeline_tag", d.pipelineTag());
    n.put("license", d.license().license());
    n.put("license_url", d.license().licenseUrl());
    n.put("license_category", d.license().category().name().toLowerCase(java.util.Locale.ROOT));
    n.put("license_overridden", d.license().overridden());
    n.put("base_model", d.license().baseModel());
    n.put("bytes", d.totalBytes());
    n.set("files", JSON.valueToTree(d.files()));
    ObjectNode p = n.putObject("policy");
    p.put("usage", policy.usage());
    p.put("decision", policy.decision());
    p.put("attribution_text", policy.attributionText());
    p.put("use_restrictions_ref", policy.useRestrictionsRef());
  }

  RunReport counts(Map<String, Long> byStatus, long total, long skipped) {
    ObjectNode c = root.putObject("counts");
    c.put("total", total);
    c.put("skipped_already_ok", skipped);
    c.put("ok", byStatus.getOrDefault("ok", 0L));
    c.put("error", byStatus.getOrDefault("error", 0L));
    return this;
  }

  RunReport section(String name, Map<String, ?> values) {
    root.set(name, JSON.valueToTree(values));
    return this;
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
