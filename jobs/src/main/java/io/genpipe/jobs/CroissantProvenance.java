package io.genpipe.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * PROV-O provenance of a card: each run whose rows are in the consolidated view as a {@code
 * prov:Activity} associated with genpipe (a
 * {@code prov:SoftwareAgent} with its version) that used each model (a {@code prov:Entity} with
 * its id, content sha256 and licence).
 */
final class CroissantProvenance {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CroissantProvenance() {}

  /** Every run whose rows the card describes, as activities (the card's own run in full). */
  static ArrayNode activities(List<CroissantCard.Run> runs) {
    ArrayNode all = JSON.arrayNode();
    runs.forEach(r -> all.add(activity(r)));
    return all;
  }

  static ObjectNode activity(CroissantCard.Run run) {
    ObjectNode a = JSON.objectNode();
    a.put("@type", "prov:Activity");
    a.put("@id", "urn:genpipe:run:" + run.runId());
    a.put("prov:label", "genpipe run " + run.runId());
    if (run.startedAt() != null) {
      a.put("prov:startedAtTime", run.startedAt());
    }
    if (run.endedAt() != null) {
      a.put("prov:endedAtTime", run.endedAt());
    }
    a.putObject("prov:wasAssociatedWith").put("@type", "prov:SoftwareAgent")
        .put("name", "genpipe").put("softwareVersion", GenpipeVersion.get())
        .put("prov:label", "genpipe " + GenpipeVersion.get());
    ArrayNode used = a.putArray("prov:used");
    for (CroissantCard.Model m : run.models()) {
      ObjectNode e = used.addObject().put("@type", "prov:Entity").put("name", m.name())
          .put("identifier", m.modelId()).put("sha256", m.sha256());
      e.put("license", m.licenseUrl() != null ? m.licenseUrl() : m.license());
    }
    return a;
  }
}
