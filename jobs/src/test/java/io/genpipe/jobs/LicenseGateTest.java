package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genpipe.model.LicenseInfo;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelFile;
import io.genpipe.udf.spark.PolicyDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicenseGateTest {
  private static ModelDescriptor model(String license) {
    List<ModelFile> files = List.of(new ModelFile("model.onnx", 3, "a".repeat(64)));
    return new ModelDescriptor("m-" + license, "file:///models/m/", ModelDescriptor.contentDigest(files),
        files, LicenseInfo.of(license, null, null, null, false), "text-generation", "llama");
  }

  @Test
  void commercialJobRefusesNonCommercialModelNamingModelAndLicence() {
    JobConfigException e = assertThrows(JobConfigException.class,
        () -> LicenseGate.decide(model("cc-by-nc-4.0"), Usage.COMMERCIAL, false));
    assertTrue(e.getMessage().contains("m-cc-by-nc-4.0") && e.getMessage().contains("CC-BY-NC-4.0"),
        e.getMessage());
  }

  @Test
  void researchAndNonCommercialJobsMayUseNonCommercialModels() {
    assertEquals("allowed", LicenseGate.decide(model("cc-by-nc-4.0"), Usage.RESEARCH, false).decision());
    assertEquals("allowed",
        LicenseGate.decide(model("cc-by-nc-sa-4.0"), Usage.NON_COMMERCIAL, false).decision());
  }

  @Test
  void unknownLicenceIsRefusedUnlessAllowed() {
    JobConfigException e = assertThrows(JobConfigException.class,
        () -> LicenseGate.decide(model("unknown"), Usage.RESEARCH, false));
    assertTrue(e.getMessage().contains("allow-unknown-license"), e.getMessage());
    assertEquals("allowed", LicenseGate.decide(model("unknown"), Usage.COMMERCIAL, true).decision());
  }

  @Test
  void useRestrictedLicencesPassWithTheirRestrictionsRecorded() {
    PolicyDecision sd = LicenseGate.decide(model("creativeml-openrail-m"), Usage.COMMERCIAL, false);
    assertEquals("allowed-with-restrictions", sd.decision());
    assertEquals("commercial", sd.usage());
    PolicyDecision llama = LicenseGate.decide(model("llama3.2"), Usage.COMMERCIAL, false);
    assertEquals("allowed-with-restrictions", llama.decision());
    assertTrue(llama.attributionText().contains("Built with Llama"), llama.attributionText());
  }

  @Test
  void permissiveLicencesAreAllowedWithoutRestrictions() {
    PolicyDecision mit = LicenseGate.decide(model("mit"), Usage.COMMERCIAL, false);
    assertEquals("allowed", mit.decision());
    assertNull(mit.useRestrictionsRef());
    assertTrue(mit.attributionText().contains("MIT"));
  }
}
