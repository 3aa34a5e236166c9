package io.genpipe.runtime.image;

import java.util.Objects;

/**
 * The machine-readable marking written into each generated image (PROVENANCE.md "Inside each
 * file"): no prompt, only the model, the output's id, the licence and the source type.
 *
 * @param license an SPDX id or {@code LicenseRef-<name>} (e.g. LicenseRef-creativeml-openrail-m)
 * @param licenseUrl the licence text's URL, or null
 * @param software the generator and its version, e.g. {@code genpipe 0.1.0}
 * @param digitalSourceType the IPTC digital source type URI
 */
public record ImageMarking(
    String modelId,
    String outputId,
    String license,
    String licenseUrl,
    String software,
    String digitalSourceType) {

  public static final String TRAINED_ALGORITHMIC_MEDIA =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
  public static final String COMMENT = "AI-generated";

  public ImageMarking {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(outputId, "outputId");
    Objects.requireNonNull(license, "license");
    Objects.requireNonNull(software, "software");
    Objects.requireNonNull(digitalSourceType, "digitalSourceType");
  }

  /** A fully generated image (not an edit of a supplied one). */
  public static ImageMarking generated(String modelId, String outputId, String license,
      String licenseUrl, String genpipeVersion) {
    return new ImageMarking(modelId, outputId, license, licenseUrl, "genpipe " + genpipeVersion,
        TRAINED_ALGORITHMIC_MEDIA);
  }
}
