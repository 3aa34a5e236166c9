package io.genpipe.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON-LD {@code @context} of a Croissant 1.1 card: the recommended context of the
 * specification's Appendix 1, plus the PROV-O prefix genpipe's provenance uses.
 */
final class CroissantContext {
  private static final String[] CR_TERMS = {"annotation", "arrayShape", "citeAs", "column",
      "containedIn", "equivalentProperty", "excludes", "extract", "field", "fileProperty",
      "fileObject", "fileSet", "format", "includes", "isArray", "isLiveDataset", "jsonPath", "key",
      "md5", "parentField", "recordSet", "references", "regex", "readLines", "sdVersion",
      "separator", "source", "subField", "transform", "unArchive", "value"};

  private CroissantContext() {}

  static ObjectNode node() {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("@language", "en");
    c.put("@vocab", "http://schema.org/");
    c.put("sc", "http://schema.org/");
    c.put("cr", "http://mlcommons.org/croissant/");
    c.put("rai", "http://mlcommons.org/croissant/RAI/");
    c.put("dct", "http://purl.org/dc/terms/");
    c.put("prov", "http://www.w3.org/ns/prov#");
    c.put("conformsTo", "dct:conformsTo");
    c.putObject("data").put("@id", "cr:data").put("@type", "@json");
    c.putObject("dataType").put("@id", "cr:dataType").put("@type", "@vocab");
    c.putObject("examples").put("@id", "cr:examples").put("@type", "@json");
    for (String term : CR_TERMS) {
      c.put(term, "cr:" + term);
    }
    return c;
  }
}
