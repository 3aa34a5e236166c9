package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When an output prefix is refused, and when an S3 output warns about its committer. */
class OutputLayoutTest {
  @TempDir Path tmp;

  @Test
  void aCrashedRunsTemporaryFolderCommitsNothingButStillNeedsResume() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("manifest/_temporary/0"));
    OutputLayout layout = new OutputLayout(out.toString(), new Configuration());
    assertFalse(layout.hasManifest(), "no committed rows: --resume generates every row");
    JobConfigException e = assertThrows(JobConfigException.class, () -> layout.checkWritable(false));
    assertTrue(e.getMessage().contains("already holds a run") && e.getMessage().contains("--resume"),
        e.getMessage());
    layout.checkWritable(true);
    new OutputLayout(tmp.resolve("fresh").toString(), new Configuration()).checkWritable(false);
  }

  @Test
  void resumeRemovesOnlyWhatFailedRunsLeftInTheirFolders() throws Exception {
    Path manifest = tmp.resolve("out/manifest");
    Files.createDirectories(manifest.resolve("run_id=ok/_temporary/0"));
    Files.writeString(manifest.resolve("run_id=ok/part-0.parquet"), "rows");
    Files.createDirectories(manifest.resolve("run_id=failed/__magic/job-1/tasks"));
    Files.createDirectories(manifest.resolve("run_id=now/_temporary/0"));
    OutputLayout layout = new OutputLayout(tmp.resolve("out").toString(), new Configuration());
    assertEquals(3, layout.removeAbandonedStaging("now").size());
    assertTrue(Files.exists(manifest.resolve("run_id=ok/part-0.parquet")), "committed rows stay");
    assertFalse(Files.exists(manifest.resolve("run_id=ok/_temporary")));
    assertFalse(Files.exists(manifest.resolve("run_id=failed")), "an emptied run folder goes");
    assertTrue(Files.exists(manifest.resolve("run_id=now/_temporary/0")), "the current run's stays");
    assertEquals(0, layout.removeAbandonedStaging("now").size());
  }

  @Test
  void s3OutputWithoutTheMagicCommitterWarnsNamingTheThreeSettings() {
    Configuration hadoop = new Configuration(false);
    Optional<String> w = OutputLayout.s3CommitterWarning("s3a://bucket/out", k -> null, hadoop);
    assertTrue(w.isPresent());
    assertTrue(w.get().contains("spark.hadoop.fs.s3a.committer.name=magic")
        && w.get().contains(OutputLayout.COMMIT_PROTOCOL + "=" + OutputLayout.PATH_OUTPUT_COMMIT_PROTOCOL)
        && w.get().contains(OutputLayout.PARQUET_COMMITTER + "=" + OutputLayout.BINDING_PARQUET_COMMITTER)
        && w.get().contains("docs/deploy.md"), w.get());
    assertEquals(Optional.empty(), OutputLayout.s3CommitterWarning(tmp.toString(), k -> null, hadoop),
        "local output: no warning");

    hadoop.set("fs.s3a.committer.name", "magic");
    Map<String, String> spark = Map.of(OutputLayout.COMMIT_PROTOCOL, OutputLayout.PATH_OUTPUT_COMMIT_PROTOCOL,
        OutputLayout.PARQUET_COMMITTER, OutputLayout.BINDING_PARQUET_COMMITTER);
    assertEquals(Optional.empty(), OutputLayout.s3CommitterWarning("s3a://bucket/out", spark::get, hadoop));
    assertTrue(OutputLayout.s3CommitterWarning("s3a://bucket/out", k -> null, hadoop).isPresent(),
        "the Hadoop setting alone is not enough");
  }
}
