package io.genpipe.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * PROV-O provenance of a card: the run as a {@code prov:Activity} associated with genpipe (a
 * {@code prov:SoftwareAgent} with its version) that used each model (a {@code prov:Entity} with
 * its id, content sha256 and licence).
 */
final class CroissantProvenance {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CroissantProvenance() {}

  static ObjectNode activity(String runId, String startedAt, String endedAt,
      List<CroissantCard.Model> models) {
    ObjectNode a = JSON.objectNode();
    a.put("@type", "prov:Activity");
    a.put("@id", "urn:genpipe:run:" + runId);
    a.put("prov:label", "genpipe run " + runId);
    if (startedAt != null) {
      a.put("prov:startedAtTime", startedAt);
    }
    a.put("prov:endedAtTime", endedAt);
    a.putObject("prov:wasAssociatedWith").put("@type", "prov:SoftwareAgent")
        .put("name", "genpipe").put("softwareVersion", GenpipeVersion.get())
        .put("prov:label", "genpipe " + GenpipeVersion.get());
    ArrayNode used = a.putArray("prov:used");
    for (CroissantCard.Model m : models) {
      ObjectNode e = used.addObject().put("@type", "prov:Entity").put("name", m.name())
          .put("identifier", m.modelId()).put("sha256", m.sha256());
      e.put("license", m.licenseUrl() != null ? m.licenseUrl() : m.license());
    }
    return a;
  }
}
