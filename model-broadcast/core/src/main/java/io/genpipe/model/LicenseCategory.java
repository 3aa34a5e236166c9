package io.genpipe.model;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a licence allows, coarsely, for the licence gate: a commercial job refuses {@link
 * #NON_COMMERCIAL} models and, unless the job allows it, {@link #UNKNOWN} ones.
 *
 * <p>Copyleft and share-alike licences (GPL, MPL, CC-BY-SA, ...) classify {@link #UNKNOWN}: they
 * allow commercial use but attach duties these four values cannot express, so a person decides.
 */
public enum LicenseCategory {
  /** Commercial use allowed with at most attribution (MIT, Apache-2.0, BSD, CC-BY, CC0). */
  PERMISSIVE,
  /** Commercial use allowed under use restrictions or conditions (OpenRAIL, Llama, Gemma). */
  USE_RESTRICTED,
  /** No commercial use (CC-BY-NC-*, research-only licences). */
  NON_COMMERCIAL,
  /** Not known to this classifier, or no licence given. */
  UNKNOWN;

  private static final Set<String> PERMISSIVE_IDS =
      Set.of(
          ("mit mit-0 apache-2.0 bsd 0bsd bsl-1.0 isc zlib unlicense wtfpl "
                  + "postgresql ncsa afl-3.0 ecl-2.0 cc0-1.0 pddl pddl-1.0 odc-by "
                  + "odc-by-1.0")
              .split(" "));
  private static final Pattern PERMISSIVE_FAMILIES =
      Pattern.compile("bsd-.*|cc-by-\\d\\.\\d|cdla-permissive-.*");
  private static final Set<String> NON_COMMERCIAL_IDS =
      Set.of(
          ("fair-noncommercial-research-license deepfloyd-if-license h-research "
                  + "intel-research apple-amlr")
              .split(" "));

  /** OpenRAIL/RAIL in any position ({@code openrail++}, {@code bigscience-bloom-rail-1.0}). */
  private static final Pattern RAIL = Pattern.compile("(.*[-+.])?(open)?rail([-+.].*)?");

  /**
   * Classifies a licence id: an SPDX id, a {@code LicenseRef-} id or a Hugging Face card id, in any
   * case. A {@code LicenseRef-} prefix is ignored, so {@code LicenseRef-llama3.2} and {@code
   * llama3.2} classify alike. Null, blank and unrecognised ids are {@link #UNKNOWN}.
   */
  public static LicenseCategory classify(String licenseId) {
    if (licenseId == null || licenseId.isBlank()) {
      return UNKNOWN;
    }
    String id = LicenseIds.stripRefPrefix(licenseId.strip()).toLowerCase(Locale.ROOT);
    if (id.startsWith("cc-by-nc") || NON_COMMERCIAL_IDS.contains(id)) {
      return NON_COMMERCIAL;
    }
    if (RAIL.matcher(id).matches() || id.startsWith("llama") || id.equals("gemma")) {
      return USE_RESTRICTED;
    }
    if (PERMISSIVE_IDS.contains(id) || PERMISSIVE_FAMILIES.matcher(id).matches()) {
      return PERMISSIVE;
    }
    return UNKNOWN;
  }
}
