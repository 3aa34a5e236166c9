package io.genpipe.jobs;

import io.genpipe.model.LicenseCategory;
import io.genpipe.model.LicenseInfo;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.udf.spark.PolicyDecision;
import java.util.Locale;

/**
 * The driver-side licence gate: decides, before any executor work, whether a job of the declared
 * {@link Usage} may use a model. A commercial job refuses non-commercial licences; a model whose
 * licence is unknown is refused unless the job allows unknown licences; use-restricted licences
 * (OpenRAIL, Llama) pass with their restrictions recorded.
 */
public final class LicenseGate {
  private LicenseGate() {}

  public static PolicyDecision decide(ModelDescriptor model, Usage usage, boolean allowUnknown) {
    LicenseInfo lic = model.license();
    LicenseCategory category = lic.category();
    if (category == LicenseCategory.UNKNOWN && !allowUnknown) {
      throw new JobConfigException("model " + model.modelId() + " has licence '" + lic.license()
          + "', which genpipe cannot classify; add `license:` to the model card's front matter, "
          + "or set allow-unknown-license=true to take responsibility for it");
    }
    if (category == LicenseCategory.NON_COMMERCIAL && usage == Usage.COMMERCIAL) {
      throw new JobConfigException("model " + model.modelId() + " is licensed " + lic.license()
          + " (non-commercial); a commercial job cannot use it. Use another model, or declare "
          + "--usage research / non-commercial if that is what the outputs are for");
    }
    boolean restricted = category == LicenseCategory.USE_RESTRICTED;
    return new PolicyDecision(usage.wireName(), restricted ? "allowed-with-restrictions" : "allowed",
        attribution(model), restricted ? lic.licenseUrl() : null);
  }

  private static String attribution(ModelDescriptor model) {
    String license = model.license().license();
    String text = "Generated with " + model.modelId() + " (licence " + license + ")";
    if (license.toLowerCase(Locale.ROOT).contains("llama")) {
      text += ". Built with Llama";
    }
    return text;
  }
}
