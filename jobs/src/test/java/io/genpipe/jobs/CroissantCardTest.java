package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genpipe.udf.spark.ManifestSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Croissant 1.1 card: valid JSON-LD shape, required keys, types, references, no secrets. */
class CroissantCardTest {
  private static final String SECRET = "SUPERSECRET-9f3a7c";
  private static final Pattern SECRET_LIKE = Pattern.compile(
      "(?i).*((^|[^a-z])(secret|password|passwd|credentials?|tokens?|api-?key)([^a-z_]|$)"
          + "|AKIA[0-9A-Z]{8,}).*");
  /** An AWS-style secret key: 40 base64 characters mixing upper and lower case. */
  private static final Pattern KEY_LIKE = Pattern.compile(
      ".*(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
          + "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+]).*");
  private static final String SHA = "0f".repeat(32);

  private static JsonNode card() throws Exception {
    StructType schema = ManifestSchema.withPassThrough(List.of(
        DataTypes.createStructField("topic", DataTypes.StringType, true),
        DataTypes.createStructField("score", DataTypes.DoubleType, true),
        DataTypes.createStructField("day", DataTypes.DateType, true),
        DataTypes.createStructField("tags", DataTypes.createArrayType(DataTypes.StringType), true),
        DataTypes.createStructField("extra", DataTypes.createMapType(DataTypes.StringType,
            DataTypes.StringType), true)));
    String json = new CroissantCard("genpipe-text", "run-1",
        "s3a://AKIAFAKEFAKEFAKE:" + SECRET + "@bucket/out", schema)
        .models(List.of(new CroissantCard.Model("default", "tiny-lm", SHA, "Apache-2.0",
            "https://www.apache.org/licenses/LICENSE-2.0"),
            new CroissantCard.Model("nc", "musicgen-small", SHA, "CC-BY-NC-4.0", null)))
        .media(List.of("image/png"))
        .partitionColumns(List.of("run_id"))
        .startedAt("2026-01-01T00:00:00Z").finishedAt("2026-01-01T00:01:00Z")
        .derivedFrom("s3a://bucket/prompts.jsonl")
        .toJson();
    assertFalse(json.contains(SECRET) || json.contains("AKIAFAKE"), json);
    return new ObjectMapper().readTree(json);
  }

  @Test
  void cardHasTheRequiredCroissantKeys() throws Exception {
    JsonNode c = card();
    JsonNode ctx = c.path("@context");
    assertEquals("http://schema.org/", ctx.path("@vocab").asText());
    assertEquals("http://mlcommons.org/croissant/", ctx.path("cr").asText());
    assertEquals("dct:conformsTo", ctx.path("conformsTo").asText());
    assertEquals("sc:Dataset", c.path("@type").asText());
    assertEquals(CroissantCard.CONFORMS_TO, c.path("conformsTo").asText());
    for (String key : List.of("name", "description", "url", "datePublished", "creator",
        "distribution", "recordSet", "license", "isAccessibleForFree")) {
      assertFalse(c.path(key).isMissingNode() || c.path(key).isNull(), key);
    }
    assertEquals("s3a://bucket/out", c.path("url").asText());
    assertEquals(List.of("https://www.apache.org/licenses/LICENSE-2.0", "CC-BY-NC-4.0"),
        texts(c.path("license")));
    assertTrue(c.path("isAccessibleForFree").asBoolean());
  }

  @Test
  void fieldsMapSparkTypesAndReferenceDeclaredFileSets() throws Exception {
    JsonNode c = card();
    Set<String> fileSets = new HashSet<>();
    for (JsonNode d : c.path("distribution")) {
      assertEquals("cr:FileSet", d.path("@type").asText());
      fileSets.add(d.path("@id").asText());
    }
    assertEquals(Set.of(CroissantCard.MANIFEST_FILES, CroissantCard.MEDIA_FILES), fileSets);
    JsonNode rs = c.path("recordSet").get(0);
    Map<String, JsonNode> fields = new HashMap<>();
    for (JsonNode f : rs.path("field")) {
      assertEquals("cr:Field", f.path("@type").asText());
      assertTrue(fileSets.contains(f.path("source").path("fileSet").path("@id").asText()), f.toString());
      if (!f.path("name").asText().equals("run_id")) {
        assertEquals(f.path("name").asText(), f.path("source").path("extract").path("column").asText());
      }
      fields.put(f.path("name").asText(), f);
    }
    assertEquals(ManifestSchema.FIELDS.size() + 5, fields.size());
    assertEquals("sc:Text", fields.get("output_id").path("dataType").asText());
    assertEquals("sc:Integer", fields.get("tokens_in").path("dataType").asText());
    assertEquals("sc:Integer", fields.get("seed").path("dataType").asText());
    assertEquals("sc:Boolean", fields.get("c2pa_manifest_present").path("dataType").asText());
    assertEquals("sc:Float", fields.get("score").path("dataType").asText());
    assertEquals("sc:Date", fields.get("day").path("dataType").asText());
    assertTrue(fields.get("tags").path("isArray").asBoolean());
    assertEquals("sc:Text", fields.get("extra").path("dataType").asText());
    JsonNode runId = fields.get("run_id").path("source");
    assertEquals("fullpath", runId.path("extract").path("fileProperty").asText());
    assertTrue("out/manifest/run_id=r-1/part-0.parquet".matches(runId.path("transform").path("regex")
        .asText()), "run_id comes from the partition folder");
    assertTrue(fields.containsKey(rs.path("key").path("@id").asText().substring("manifest/".length())));
  }

  @Test
  void provenanceNamesGenpipeAndEveryModelWithItsSha256() throws Exception {
    JsonNode all = card().path("prov:wasGeneratedBy");
    assertEquals(1, all.size(), "one run, one activity");
    JsonNode p = all.get(0);
    assertEquals("prov:Activity", p.path("@type").asText());
    assertEquals("urn:genpipe:run:run-1", p.path("@id").asText());
    assertEquals(GenpipeVersion.get(), p.path("prov:wasAssociatedWith").path("softwareVersion").asText());
    assertEquals(2, p.path("prov:used").size());
    for (JsonNode m : p.path("prov:used")) {
      assertEquals(SHA, m.path("sha256").asText());
    }
  }

  @Test
  void everyRunInTheConsolidatedViewIsAnActivityAndItsModelsLicencesAreListed() throws Exception {
    CroissantCard.Model lm = new CroissantCard.Model("default", "tiny-lm", SHA, "Apache-2.0", null);
    CroissantCard.Model nc = new CroissantCard.Model("nc", "musicgen-small", SHA, "CC-BY-NC-4.0", null);
    JsonNode card = new ObjectMapper().readTree(new CroissantCard("job", "second", "/tmp/out",
        ManifestSchema.withPassThrough(List.of())).models(List.of(lm)).startedAt("2026-01-02T00:00:00Z")
        .runsInView(List.of(new CroissantCard.Run("first", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z",
            List.of(nc)), new CroissantCard.Run("second", null, null, List.of())))
        .toJson());
    JsonNode runs = card.path("prov:wasGeneratedBy");
    assertEquals(2, runs.size(), runs.toString());
    assertEquals("urn:genpipe:run:first", runs.get(0).path("@id").asText());
    assertEquals("musicgen-small", runs.get(0).path("prov:used").get(0).path("identifier").asText());
    assertEquals("2026-01-01T00:00:00Z", runs.get(0).path("prov:startedAtTime").asText());
    assertEquals("urn:genpipe:run:second", runs.get(1).path("@id").asText());
    assertEquals("2026-01-02T00:00:00Z", runs.get(1).path("prov:startedAtTime").asText(),
        "the card's own run in full");
    assertEquals("tiny-lm", runs.get(1).path("prov:used").get(0).path("identifier").asText());
    assertEquals(List.of("CC-BY-NC-4.0", "Apache-2.0"),
        new ObjectMapper().convertValue(card.path("license"), List.class));
  }

  @Test
  void noValueLooksLikeASecret() throws Exception {
    List<String> values = new ArrayList<>();
    collect(card(), values);
    for (String v : values) {
      assertFalse(SECRET_LIKE.matcher(v).matches() || KEY_LIKE.matcher(v).matches(),
          "secret-looking value in the card: " + v);
    }
  }

  @Test
  void localPathsBecomeFileUrls() {
    assertEquals("file:/tmp/out", CroissantCard.url("/tmp/out"));
    assertEquals("file:/tmp/out", CroissantCard.url("file:///tmp/out"));
    assertTrue(CroissantCard.url("rel/out").startsWith("file:/"));
    assertEquals("s3a://my_bucket/x", CroissantCard.url("s3a://k:s@my_bucket/x"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void collect(JsonNode n, List<String> out) {
    if (n.isTextual()) {
      out.add(n.asText());
    }
    n.forEach(child -> collect(child, out));
  }
}
