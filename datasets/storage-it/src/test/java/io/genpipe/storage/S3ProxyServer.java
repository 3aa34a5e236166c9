package io.genpipe.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An in-process S3Proxy on 127.0.0.1 (random port) over a transient in-memory blob store, with one
 * bucket and AWS v4 authentication by a fake key pair. Tests read the store directly (not through
 * S3A) to see every object, markers and staging keys included.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = "AKIAGENPIPEFAKE7Q2W";
  static final String SECRET_KEY = "genpipeFakeSecret-6d1e9b0c4a7f";
  private final BlobStore blobs;
  private final S3Proxy proxy;
  private final String bucket;

  private S3ProxyServer(BlobStore blobs, S3Proxy proxy, String bucket) {
    this.blobs = blobs;
    this.proxy = proxy;
    this.bucket = bucket;
  }

  static S3ProxyServer start(String bucket) throws Exception {
    BlobStore blobs = BlobStores.create("transient", new Properties());
    S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    blobs.createContainer(bucket);
    return new S3ProxyServer(blobs, proxy, bucket);
  }

  /** The S3A settings (without the {@code spark.hadoop.} prefix) for this server. */
  Map<String, String> s3a() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort());
    c.put("fs.s3a.endpoint.region", "us-east-1");
    c.put("fs.s3a.path.style.access", "true");
    c.put("fs.s3a.connection.ssl.enabled", "false");
    c.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    c.put("fs.s3a.access.key", ACCESS_KEY);
    c.put("fs.s3a.secret.key", SECRET_KEY);
    c.put("fs.s3a.impl.disable.cache", "true");
    c.put("fs.s3a.attempts.maximum", "2");
    c.put("fs.s3a.retry.limit", "2");
    return c;
  }

  Configuration configuration() {
    Configuration conf = new Configuration();
    s3a().forEach(conf::set);
    return conf;
  }

  String uri(String key) {
    return "s3a://" + bucket + "/" + key;
  }

  /** Every object under the prefix, as the store holds them (directory markers included). */
  List<S3Object> objects(String prefix) {
    List<S3Object> out = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Response page = blobs.list(ListObjectsV2Request.builder().bucket(bucket)
          .prefix(prefix).continuationToken(token).build());
      out.addAll(page.contents());
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return out;
  }

  byte[] read(String key) {
    try (InputStream in = blobs.getBlob(bucket, key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The object's {@code x-amz-meta-*} metadata, as the store keeps it. */
  Map<String, String> userMetadata(String key) {
    HeadObjectResponse head = blobs.blobMetadata(bucket, key);
    return head.metadata();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    blobs.close();
  }
}
