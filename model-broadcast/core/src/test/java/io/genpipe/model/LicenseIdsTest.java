package io.genpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LicenseIdsTest {
  private static final String SPDX = "https://spdx.org/licenses/";
  private static final String META = "https://github.com/meta-llama/llama-models/blob/main/models/";

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "mit, MIT, PERMISSIVE, " + SPDX + "MIT.html",
        "MIT, MIT, PERMISSIVE, " + SPDX + "MIT.html",
        "apache-2.0, Apache-2.0, PERMISSIVE, " + SPDX + "Apache-2.0.html",
        "bsd-3-clause, BSD-3-Clause, PERMISSIVE, " + SPDX + "BSD-3-Clause.html",
        "bsd-2-clause, BSD-2-Clause, PERMISSIVE, " + SPDX + "BSD-2-Clause.html",
        "cc-by-4.0, CC-BY-4.0, PERMISSIVE, " + SPDX + "CC-BY-4.0.html",
        "cc0-1.0, CC0-1.0, PERMISSIVE, " + SPDX + "CC0-1.0.html",
        "cc-by-nc-4.0, CC-BY-NC-4.0, NON_COMMERCIAL, " + SPDX + "CC-BY-NC-4.0.html",
        "cc-by-nc-sa-4.0, CC-BY-NC-SA-4.0, NON_COMMERCIAL, " + SPDX + "CC-BY-NC-SA-4.0.html",
        "cc-by-nc-nd-3.0, CC-BY-NC-ND-3.0, NON_COMMERCIAL, " + SPDX + "CC-BY-NC-ND-3.0.html",
        "cc-by-sa-4.0, CC-BY-SA-4.0, UNKNOWN, " + SPDX + "CC-BY-SA-4.0.html",
        "gpl-3.0, GPL-3.0, UNKNOWN, " + SPDX + "GPL-3.0.html",
        "creativeml-openrail-m, LicenseRef-creativeml-openrail-m, USE_RESTRICTED,"
            + " https://huggingface.co/spaces/CompVis/stable-diffusion-license",
        "openrail++, LicenseRef-openrail-plus-plus-m, USE_RESTRICTED,"
            + " https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
        "LicenseRef-openrail-plus-plus-m, LicenseRef-openrail-plus-plus-m, USE_RESTRICTED,"
            + " https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
        "openrail, LicenseRef-openrail, USE_RESTRICTED, null",
        "bigscience-bloom-rail-1.0, LicenseRef-bigscience-bloom-rail-1.0, USE_RESTRICTED,"
            + " https://bigscience.huggingface.co/blog/the-bigscience-rail-license",
        "llama2, LicenseRef-llama2, USE_RESTRICTED, https://ai.meta.com/llama/license/",
        "llama3, LicenseRef-llama3, USE_RESTRICTED, https://llama.meta.com/llama3/license/",
        "llama3.1, LicenseRef-llama3.1, USE_RESTRICTED, " + META + "llama3_1/LICENSE",
        "llama3.2, LicenseRef-llama3.2, USE_RESTRICTED, " + META + "llama3_2/LICENSE",
        "LicenseRef-llama3.3, LicenseRef-llama3.3, USE_RESTRICTED, " + META + "llama3_3/LICENSE",
        "LicenseRef-llama, LicenseRef-llama, USE_RESTRICTED, null",
        "gemma, LicenseRef-gemma, USE_RESTRICTED, https://ai.google.dev/gemma/terms",
        "fair-noncommercial-research-license, LicenseRef-fair-noncommercial-research-license,"
            + " NON_COMMERCIAL, null",
        "some-custom-licence, LicenseRef-some-custom-licence, UNKNOWN, null",
        "other, unknown, UNKNOWN, null",
        "unknown, unknown, UNKNOWN, null",
        "'  ', unknown, UNKNOWN, null",
        "null, unknown, UNKNOWN, null",
      })
  void normalisesClassifiesAndLinks(String raw, String id, LicenseCategory category, String url) {
    assertEquals(id, LicenseIds.normalize(raw));
    assertEquals(id, LicenseIds.normalize(id), "idempotent");
    assertEquals(category, LicenseCategory.classify(raw));
    assertEquals(category, LicenseCategory.classify(id), "card and recorded ids classify alike");
    assertEquals(url, LicenseIds.url(raw));
    LicenseInfo info = LicenseInfo.of(raw, null, null, null, false);
    assertEquals(new LicenseInfo(id, url, category, null, null, false), info);
  }

  @ParameterizedTest
  @CsvSource({
    "'weird licence!', LicenseRef-weird-licence-",
    "LICENSEREF-Foo+Bar, LicenseRef-foo-bar"
  })
  void licenseRefNamesAreValidSpdxIdStrings(String raw, String id) {
    assertEquals(id, LicenseIds.normalize(raw));
  }

  @ParameterizedTest
  @CsvSource({"LicenseRef-"})
  void emptyLicenseRefIsUnknown(String raw) {
    assertEquals(LicenseIds.UNKNOWN, LicenseIds.normalize(raw));
    assertNull(LicenseIds.url(raw));
  }
}
