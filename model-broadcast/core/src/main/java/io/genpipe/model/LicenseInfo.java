package io.genpipe.model;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * A model's licence facts, as recorded in every output's provenance.
 *
 * @param license SPDX id ({@code MIT}, {@code CC-BY-NC-4.0}), {@code LicenseRef-<name>} for
 *     licences SPDX lacks, or {@value LicenseIds#UNKNOWN}; see {@link LicenseIds#normalize}
 * @param licenseUrl where the licence text is, or null when not known
 * @param category what the licence allows, for the licence gate
 * @param baseModel the model this one derives from (card {@code base_model}; several are joined
 *     with {@code ','}), or null
 * @param baseModelRelation card {@code base_model_relation} ({@code finetune}, {@code adapter},
 *     {@code merge}, {@code quantized}), or null
 * @param overridden true when {@code license}/{@code licenseUrl} come from a job's {@link
 *     LicenseOverride} instead of the model card
 */
public record LicenseInfo(
    String license,
    String licenseUrl,
    LicenseCategory category,
    String baseModel,
    String baseModelRelation,
    boolean overridden)
    implements Serializable {

  public LicenseInfo {
    if (license == null || license.isBlank()) {
      throw new IllegalArgumentException(
          "license must be an SPDX id, LicenseRef-<name> or 'unknown', got '" + license + "'");
    }
    Objects.requireNonNull(category, "category");
    requireAbsoluteUri(licenseUrl);
    baseModel = blankToNull(baseModel);
    baseModelRelation = blankToNull(baseModelRelation);
  }

  /**
   * Licence facts from a raw licence id (any case, card or SPDX form): normalises it, classifies
   * it, and uses {@code licenseUrl} if given, else the well-known URL for the id (or null).
   */
  public static LicenseInfo of(
      String rawLicense,
      String licenseUrl,
      String baseModel,
      String baseModelRelation,
      boolean overridden) {
    String id = LicenseIds.normalize(rawLicense);
    String url = licenseUrl != null ? licenseUrl : LicenseIds.url(id);
    return new LicenseInfo(
        id, url, LicenseCategory.classify(id), baseModel, baseModelRelation, overridden);
  }

  /** No licence metadata at all. */
  public static LicenseInfo unknown() {
    return of(null, null, null, null, false);
  }

  private static void requireAbsoluteUri(String url) {
    if (url == null) {
      return;
    }
    String message = "licenseUrl must be an absolute URL or null, got '" + url + "'";
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(message, e);
    }
    if (!uri.isAbsolute()) {
      throw new IllegalArgumentException(message);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
