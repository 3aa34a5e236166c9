package io.genpipe.dataset.spark;

import com.amazonaws.services.s3.model.PutObjectRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.fs.s3a.WriteOperationHelper;
import org.apache.hadoop.fs.store.audit.AuditSpan;

/**
 * The one S3A-specific step of {@link MediaStore}: a single PUT that carries user metadata.
 * Only loaded for {@code s3a://} paths, so hadoop-aws stays optional everywhere else.
 *
 * <p>Hadoop 3.3.4 (Spark 3.5's Hadoop) has no {@code createFile()} option for user headers:
 * {@code fs.s3a.create.header.*} arrived in Hadoop 3.3.5 (HADOOP-17833), and 3.3.4 ignores unknown
 * builder options silently. So the PUT goes through S3A's own {@link WriteOperationHelper}, the
 * write API its committers use: the filesystem's credentials, endpoint, encryption settings,
 * retry policy and auditing apply, and the map becomes {@code x-amz-meta-*} headers.
 */
final class S3aObjects {
  static final String SCHEME = "s3a";

  private S3aObjects() {}

  static void put(FileSystem fs, Path path, byte[] bytes, Map<String, String> metadata,
      String contentType) throws IOException {
    S3AFileSystem s3 = (S3AFileSystem) fs;
    try (AuditSpan span = s3.createSpan("genpipe_media_put", path.toString(), null)) {
      WriteOperationHelper writer = s3.createWriteOperationHelper(span);
      PutObjectRequest put = writer.createPutObjectRequest(s3.pathToKey(path),
          new ByteArrayInputStream(bytes), bytes.length, metadata);
      put.getMetadata().setContentType(contentType);
      writer.putObject(put);
    }
  }
}
