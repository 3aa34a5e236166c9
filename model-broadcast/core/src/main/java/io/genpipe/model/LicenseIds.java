package io.genpipe.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Licence ids in SPDX form. Hugging Face model cards write SPDX ids in lower case ({@code mit},
 * {@code apache-2.0}, {@code cc-by-nc-4.0}) and use their own ids for licences SPDX lacks ({@code
 * creativeml-openrail-m}, {@code openrail++}, {@code llama3.2}); this class maps both to the ids
 * recorded in provenance: SPDX case for SPDX licences, {@code LicenseRef-<id>} otherwise.
 */
public final class LicenseIds {
  /** The id recorded when a model declares no licence (or only {@code other}). */
  public static final String UNKNOWN = "unknown";

  private static final String REF = "LicenseRef-";

  /** SPDX ids that Hugging Face cards use, keyed by lower case. */
  private static final Map<String, String> SPDX = new HashMap<>();

  /** Hugging Face ids that are not SPDX ids, keyed by lower case, to their SPDX-shaped name. */
  private static final Map<String, String> SPDX_ALIASES =
      Map.of("pddl", "PDDL-1.0", "odc-by", "ODC-By-1.0", "odbl", "ODbL-1.0");

  /** {@code LicenseRef-} names that differ from the card id ('+' is not allowed in SPDX ids). */
  private static final Map<String, String> REF_NAMES = Map.of("openrail++", "openrail-plus-plus-m");

  /** CC licences not listed above still follow the SPDX pattern, upper case. */
  private static final Pattern CREATIVE_COMMONS =
      Pattern.compile("cc-by(-nc)?(-nd|-sa)?-\\d\\.\\d");

  private static final String META = "https://github.com/meta-llama/llama-models/blob/main/models/";
  private static final Map<String, String> REF_URLS =
      Map.of(
          "creativeml-openrail-m", "https://huggingface.co/spaces/CompVis/stable-diffusion-license",
          "openrail-plus-plus-m",
              "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
          "bigscience-openrail-m", "https://bigscience.huggingface.co/blog/bigscience-openrail-m",
          "bigscience-bloom-rail-1.0",
              "https://bigscience.huggingface.co/blog/the-bigscience-rail-license",
          "llama2", "https://ai.meta.com/llama/license/",
          "llama3", "https://llama.meta.com/llama3/license/",
          "llama3.1", META + "llama3_1/LICENSE",
          "llama3.2", META + "llama3_2/LICENSE",
          "llama3.3", META + "llama3_3/LICENSE",
          "gemma", "https://ai.google.dev/gemma/terms");

  static {
    String ids =
        "MIT MIT-0 Apache-2.0 BSD-2-Clause BSD-3-Clause BSD-3-Clause-Clear 0BSD BSL-1.0 "
            + "ISC Zlib Unlicense WTFPL PostgreSQL NCSA AFL-3.0 ECL-2.0 MS-PL Artistic-2.0 "
            + "OFL-1.1 LPPL-1.3c etalab-2.0 CC0-1.0 PDDL-1.0 ODC-By-1.0 ODbL-1.0 "
            + "CDLA-Permissive-1.0 CDLA-Permissive-2.0 CDLA-Sharing-1.0 MPL-2.0 EPL-1.0 EPL-2.0 "
            + "EUPL-1.1 EUPL-1.2 OSL-3.0 GPL-2.0 GPL-2.0-only GPL-2.0-or-later GPL-3.0 "
            + "GPL-3.0-only GPL-3.0-or-later LGPL-2.1 LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0 "
            + "LGPL-3.0-only LGPL-3.0-or-later AGPL-3.0 AGPL-3.0-only AGPL-3.0-or-later";
    for (String id : ids.split(" ")) {
      SPDX.put(id.toLowerCase(Locale.ROOT), id);
    }
  }

  private LicenseIds() {}

  /**
   * The recorded form of a licence id, e.g. {@code mit} → {@code MIT}, {@code cc-by-nc-4.0} →
   * {@code CC-BY-NC-4.0}, {@code creativeml-openrail-m} → {@code LicenseRef-creativeml-openrail-m},
   * {@code openrail++} → {@code LicenseRef-openrail-plus-plus-m}, {@code llama3.2} → {@code
   * LicenseRef-llama3.2}. Ids already in {@code LicenseRef-} form keep it (name lower-cased). Null,
   * blank, {@code unknown} and {@code other} give {@value #UNKNOWN}. Idempotent.
   */
  public static String normalize(String licenseId) {
    if (licenseId == null || licenseId.isBlank()) {
      return UNKNOWN;
    }
    String id = licenseId.strip();
    String lower = id.toLowerCase(Locale.ROOT);
    if (lower.equals(UNKNOWN) || lower.equals("other")) {
      return UNKNOWN;
    }
    if (!stripRefPrefix(lower).equals(lower)) {
      String name = stripRefPrefix(lower).strip();
      return name.isEmpty() ? UNKNOWN : REF + refName(name);
    }
    if (SPDX.containsKey(lower) || SPDX_ALIASES.containsKey(lower)) {
      return SPDX.getOrDefault(lower, SPDX_ALIASES.get(lower));
    }
    if (CREATIVE_COMMONS.matcher(lower).matches()) {
      return lower.toUpperCase(Locale.ROOT);
    }
    return REF + refName(lower);
  }

  /**
   * A licence text URL for an id (normalised first): {@code https://spdx.org/licenses/<id>.html}
   * for SPDX ids, the Hugging Face or vendor page for well-known {@code LicenseRef-} ids (OpenRAIL,
   * Llama, Gemma), else null.
   */
  public static String url(String licenseId) {
    String id = normalize(licenseId);
    if (id.equals(UNKNOWN)) {
      return null;
    }
    if (id.startsWith(REF)) {
      return REF_URLS.get(id.substring(REF.length()));
    }
    return "https://spdx.org/licenses/" + id + ".html";
  }

  /** The id without a leading {@code LicenseRef-} (any case). */
  static String stripRefPrefix(String id) {
    return id.regionMatches(true, 0, REF, 0, REF.length()) ? id.substring(REF.length()) : id;
  }

  /** A valid SPDX idstring ({@code [A-Za-z0-9.-]+}) for a lower-case card id. */
  private static String refName(String lower) {
    return REF_NAMES.getOrDefault(lower, lower).replaceAll("[^a-z0-9.-]+", "-");
  }
}
