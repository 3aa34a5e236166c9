package io.genpipe.model;

import java.io.Serializable;

/**
 * A job's statement of a model's licence, used instead of the model card's (for a card that is
 * missing, wrong, or says {@code other}). The resolved {@link LicenseInfo} records {@code
 * overridden = true}; {@code base_model} and its relation still come from the card.
 *
 * @param license a licence id in card or SPDX form ({@code mit}, {@code Apache-2.0}, {@code
 *     LicenseRef-llama3.2}); normalised with {@link LicenseIds#normalize}
 * @param licenseUrl where the licence text is; null to use the well-known URL for the id, if any
 */
public record LicenseOverride(String license, String licenseUrl) implements Serializable {

  public LicenseOverride {
    if (license == null || license.isBlank()) {
      throw new IllegalArgumentException(
          "license override needs a licence id such as 'MIT' or 'LicenseRef-llama3.2', got '"
              + license
              + "'");
    }
  }

  /** An override with the well-known URL for the id. */
  public static LicenseOverride of(String license) {
    return new LicenseOverride(license, null);
  }

  /** The override's licence, keeping {@code card}'s base model and relation; marked overridden. */
  public LicenseInfo applyTo(LicenseInfo card) {
    return apply(card.baseModel(), card.baseModelRelation());
  }

  LicenseInfo apply(String baseModel, String baseModelRelation) {
    return LicenseInfo.of(license, licenseUrl, baseModel, baseModelRelation, true);
  }
}
