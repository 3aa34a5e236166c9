package io.genpipe.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.model.LicenseIds;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.udf.spark.TaskModels;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.StructType;

/**
 * A Croissant 1.1 JSON-LD card ({@code OUT/croissant.json}) describing a run's output as an ML
 * dataset: the manifest Parquet files (and media objects, for media tasks) as file sets, the
 * manifest's columns as one record set, the models' licences, and PROV-O provenance (the genpipe
 * run as a {@code prov:Activity}, genpipe as its software agent, each model with its sha256).
 *
 * <p>Nothing from the job's configuration is copied in, and user info ({@code key:secret@}) is
 * stripped from every URI, so the card holds no credentials.
 */
public final class CroissantCard {
  public static final String FILE_NAME = "croissant.json";
  public static final String CONFORMS_TO = "http://mlcommons.org/croissant/1.1";
  static final String MANIFEST_FILES = "manifest-files";
  static final String MEDIA_FILES = "media-files";
  static final String RECORD_SET = "manifest";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A model that generated rows: its name in the job, id, content sha256 and licence. */
  public record Model(String name, String modelId, String sha256, String license,
      String licenseUrl) {}

  /**
   * A run whose rows are in the output's consolidated view: its id, start and end times (null
   * when unknown) and the models that generated its rows.
   */
  public record Run(String runId, String startedAt, String endedAt, List<Model> models) {
    public Run {
      requireText(runId, "runId");
      models = List.copyOf(models);
    }
  }

  private final String name;
  private final String runId;
  private final String out;
  private final StructType manifestSchema;
  private String description;
  private List<Model> models = List.of();
  private List<String> mediaFormats = List.of();
  private List<String> partitionColumns = List.of();
  private String startedAt;
  private String finishedAt = Instant.now().toString();
  private String derivedFrom;
  private boolean accessibleForFree = true;
  private List<Run> runsInView = List.of();

  public CroissantCard(String name, String runId, String out, StructType manifestSchema) {
    this.name = requireText(name, "name");
    this.runId = requireText(runId, "runId");
    this.out = requireText(out, "out");
    this.manifestSchema = Objects.requireNonNull(manifestSchema, "manifestSchema");
    this.description = "Outputs of genpipe run " + runId + ": AI-generated content with one "
        + "manifest row per input prompt.";
  }

  /**
   * The card of a finished run of {@link GenerationJob}; write it with {@code
   * out.writeText(location(out.root()), toJson())}. The manifest is partitioned by {@code run_id}.
   */
  public static CroissantCard forRun(JobConf conf, TaskModels models, StructType manifestSchema,
      String startedAt, long rows) {
    List<Model> used = new ArrayList<>();
    models.text().values().forEach(m -> used.add(model(m.name(), m.descriptor())));
    models.image().values().forEach(m -> used.add(model(m.name(), m.descriptor())));
    return new CroissantCard(conf.jobName(), conf.runId(), conf.out(), manifestSchema)
        .description("Outputs of genpipe run " + conf.runId() + " (job " + conf.jobName()
            + ") for " + rows + " prompts: one manifest row per prompt, with status, output, "
            + "model, licence and provenance. AI-generated (IPTC trainedAlgorithmicMedia). The "
            + "licence list names the licences of the models that generated the rows.")
        .models(used)
        .media(models.image().isEmpty() ? List.of() : List.of("image/png"))
        .partitionColumns(List.of("run_id"))
        .startedAt(startedAt)
        .derivedFrom(conf.prompts());
  }

  /** Where the card goes: {@code OUT/croissant.json}. */
  public static String location(String out) {
    return new Path(new Path(out), FILE_NAME).toString();
  }

  public CroissantCard description(String text) {
    this.description = requireText(text, "description");
    return this;
  }

  public CroissantCard models(List<Model> used) {
    this.models = List.copyOf(used);
    return this;
  }

  /** Declares the media file set ({@code media/<task>/*}) with these MIME types. */
  public CroissantCard media(List<String> encodingFormats) {
    this.mediaFormats = List.copyOf(encodingFormats);
    return this;
  }

  /** Columns held in {@code name=value} folder names of the manifest, not in its files. */
  public CroissantCard partitionColumns(List<String> columns) {
    this.partitionColumns = List.copyOf(columns);
    return this;
  }

  public CroissantCard startedAt(String time) {
    this.startedAt = time;
    return this;
  }

  public CroissantCard finishedAt(String time) {
    this.finishedAt = requireText(time, "finishedAt");
    return this;
  }

  /** The prompt dataset the outputs derive from (recorded as {@code prov:wasDerivedFrom}). */
  public CroissantCard derivedFrom(String prompts) {
    this.derivedFrom = prompts;
    return this;
  }

  /**
   * The runs whose rows make up the consolidated view ({@link ManifestViews#runsInView}): after
   * {@code --resume}, rows of earlier runs remain, so the card lists each of those runs as an
   * activity (this card's own run with its full details; omitted when it generated nothing). None
   * given: this run only.
   */
  public CroissantCard runsInView(List<Run> runs) {
    this.runsInView = List.copyOf(runs);
    return this;
  }

  public CroissantCard accessibleForFree(boolean free) {
    this.accessibleForFree = free;
    return this;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(card());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  ObjectNode card() {
    ObjectNode c = JSON.createObjectNode();
    c.set("@context", CroissantContext.node());
    c.put("@type", "sc:Dataset");
    c.put("conformsTo", CONFORMS_TO);
    c.put("name", name);
    c.put("description", description);
    c.put("identifier", runId);
    c.put("url", url(out));
    c.set("license", licences());
    c.putObject("creator").put("@type", "sc:Organization").put("name", "genpipe");
    c.put("datePublished", finishedAt);
    c.put("version", "1.0.0");
    c.put("isAccessibleForFree", accessibleForFree);
    c.set("keywords", JSON.valueToTree(List.of("synthetic", "AI-generated", "genpipe")));
    c.set("distribution", distribution());
    c.set("recordSet", JSON.createArrayNode().add(recordSet()));
    c.set("prov:wasGeneratedBy", CroissantProvenance.activities(runs()));
    if (derivedFrom != null) {
      c.putObject("prov:wasDerivedFrom").put("@id", url(derivedFrom));
    }
    return c;
  }

  private List<Run> runs() {
    Run own = new Run(runId, startedAt, finishedAt, models);
    if (runsInView.isEmpty()) {
      return List.of(own);
    }
    return runsInView.stream().map(r -> r.runId().equals(runId) ? own : r).toList();
  }

  private ArrayNode licences() {
    Set<String> ids = new LinkedHashSet<>();
    for (Model m : runs().stream().flatMap(r -> r.models().stream()).toList()) {
      ids.add(m.licenseUrl() != null ? m.licenseUrl()
          : m.license() != null ? m.license() : LicenseIds.UNKNOWN);
    }
    return JSON.valueToTree(ids.isEmpty() ? List.of(LicenseIds.UNKNOWN) : ids);
  }

  private ArrayNode distribution() {
    ArrayNode d = JSON.createArrayNode();
    d.addObject().put("@type", "cr:FileSet").put("@id", MANIFEST_FILES).put("name", "manifest")
        .put("description", "The run's manifest: Parquet files under manifest/ (possibly in "
            + "run_id=<id>/ partition folders).")
        .put("encodingFormat", "application/x-parquet").put("includes", "manifest/**/*.parquet");
    if (!mediaFormats.isEmpty()) {
      ObjectNode media = d.addObject().put("@type", "cr:FileSet").put("@id", MEDIA_FILES)
          .put("name", "media").put("description", "Generated media objects, "
              + "media/<task>/<output_id>.<ext>, referenced by the manifest's object_uri.");
      media.set("encodingFormat", JSON.valueToTree(mediaFormats));
      media.put("includes", "media/**/*").put("excludes", "media/_staging/**");
    }
    return d;
  }

  private ObjectNode recordSet() {
    ObjectNode rs = JSON.createObjectNode().put("@type", "cr:RecordSet").put("@id", RECORD_SET)
        .put("name", RECORD_SET).put("description", "One record per input prompt.");
    rs.putObject("key").put("@id", RECORD_SET + "/prompt_id");
    rs.set("field", CroissantFields.of(manifestSchema, RECORD_SET, MANIFEST_FILES, partitionColumns));
    return rs;
  }

  private static Model model(String name, ModelDescriptor d) {
    return new Model(name, d.modelId(), d.sha256(), d.license().license(),
        d.license().licenseUrl());
  }

  /** An absolute URL for a Hadoop path or URI, without user info (never credentials). */
  static String url(String location) {
    URI uri = new Path(location).toUri();
    try {
      String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
      String path = uri.getScheme() == null
          ? new java.io.File(uri.getPath()).getAbsolutePath() : uri.getPath();
      String authority = uri.getAuthority();
      if (authority != null && authority.contains("@")) {
        authority = authority.substring(authority.lastIndexOf('@') + 1);
      }
      return new URI(scheme, authority, path, null, null).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot express " + location + " as a URL", e);
    }
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " of the Croissant card is null or blank");
    }
    return value;
  }
}
