package io.genpipe.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
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
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An in-process S3Proxy on 127.0.0.1 that can be stopped and started again on the same port over
 * the same on-disk store (S3Proxy's {@code filesystem} provider), as a restarted S3 endpoint would
 * be: clients keep one endpoint, objects written before the outage are still there after it.
 * Stopping is abrupt (no graceful wait for in-flight requests), so clients see refused or reset
 * connections.
 */
final class RestartableS3Proxy implements AutoCloseable {
  private final String bucket;
  private final Path basedir;
  private final int port;
  private BlobStore blobs;
  private S3Proxy proxy;

  private RestartableS3Proxy(String bucket, Path basedir, int port) {
    this.bucket = bucket;
    this.basedir = basedir;
    this.port = port;
  }

  /** Picks a free port once, creates the bucket under {@code basedir} and starts serving. */
  static RestartableS3Proxy start(String bucket, Path basedir) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    java.nio.file.Files.createDirectories(basedir);
    RestartableS3Proxy s3 = new RestartableS3Proxy(bucket, basedir, port);
    s3.restart();
    s3.blobs.createContainer(bucket);
    return s3;
  }

  /** Starts serving again on the same port, over a fresh blob store on the same directory. */
  synchronized void restart() throws Exception {
    if (proxy != null) {
      throw new IllegalStateException("S3Proxy is already running on port " + port);
    }
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", basedir.toString());
    BlobStore store = BlobStores.create("filesystem", p);
    Exception last = null;
    // The port was ours a moment ago; retry briefly in case the OS has not released it yet.
    for (int attempt = 0; attempt < 50; attempt++) {
      S3Proxy candidate = S3Proxy.builder().blobStore(store)
          .endpoint(URI.create("http://127.0.0.1:" + port))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3ProxyServer.ACCESS_KEY,
              S3ProxyServer.SECRET_KEY)
          .stopTimeout(0).build();
      try {
        candidate.start();
        awaitStarted(candidate);
        blobs = store;
        proxy = candidate;
        return;
      } catch (Exception e) {
        last = e;
        try {
          candidate.stop();
        } catch (Exception ignored) {
          // it never started
        }
        Thread.sleep(100);
      }
    }
    store.close();
    throw new IllegalStateException("cannot bind S3Proxy to 127.0.0.1:" + port, last);
  }

  private static void awaitStarted(S3Proxy p) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(p.getState())) {
      if ("FAILED".equals(p.getState())) {
        throw new IOException("S3Proxy failed to start");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + p.getState());
      }
      Thread.sleep(10);
    }
  }

  /** Stops serving at once: new connections are refused, open ones are closed. */
  synchronized void stop() throws Exception {
    if (proxy == null) {
      return;
    }
    try {
      proxy.stop();
    } finally {
      proxy = null;
      blobs.close();
      blobs = null;
    }
  }

  synchronized boolean running() {
    return proxy != null;
  }

  int port() {
    return port;
  }

  /**
   * S3A settings (without the {@code spark.hadoop.} prefix) for this endpoint, with a modest retry
   * policy: a few SDK attempts and S3A retries, short connect timeouts.
   */
  Map<String, String> s3a() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    c.put("fs.s3a.endpoint.region", "us-east-1");
    c.put("fs.s3a.path.style.access", "true");
    c.put("fs.s3a.connection.ssl.enabled", "false");
    c.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    c.put("fs.s3a.access.key", S3ProxyServer.ACCESS_KEY);
    c.put("fs.s3a.secret.key", S3ProxyServer.SECRET_KEY);
    c.put("fs.s3a.impl.disable.cache", "true");
    c.put("fs.s3a.attempts.maximum", "3");
    c.put("fs.s3a.retry.limit", "3");
    c.put("fs.s3a.retry.interval", "500ms");
    c.put("fs.s3a.connection.establish.timeout", "2000");
    c.put("fs.s3a.connection.timeout", "5000");
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

  /** Every object under the prefix, read from the store directly (the server must be running). */
  synchronized List<S3Object> objects(String prefix) {
    if (blobs == null) {
      throw new IllegalStateException("S3Proxy is stopped");
    }
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

  @Override
  public void close() throws Exception {
    stop();
  }
}
