package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which setting keys are redacted: anything secret-looking, erring toward redacting. */
class SecretsTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "spark.hadoop.fs.s3a.access.key", "spark.hadoop.fs.s3a.secret.key",
      "spark.hadoop.fs.s3a.session.token", "spark.hadoop.fs.s3a.aws.credentials.provider",
      "spark.hadoop.fs.s3a.bucket.b1.secret.key", "spark.hadoop.fs.s3a.encryption.key",
      "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
      "spark.hadoop.fs.azure.account.oauth2.client.secret", "spark.hadoop.fs.azure.sas.acct",
      "spark.hadoop.fs.azure.sas.fixed.token", "spark.hadoop.fs.gs.auth.service.account.private.key.id",
      "spark.hadoop.google.cloud.auth.service.account.json.keyfile", "spark.ssl.keyPassword",
      "spark.ssl.keyStorePassword", "spark.authenticate.secret", "spark.hadoop.javax.jdo.option.ConnectionPassword",
      "spark.kerberos.keytab", "spark.hadoop.hadoop.security.credential.provider.path",
      "spark.hadoop.fs.s3a.signature", "spark.hadoop.fs.azure.sig", "spark.executorEnv.AWS_SECRET_ACCESS_KEY",
      "spark.executorEnv.AWS_SESSION_TOKEN", "spark.executorEnv.DB_PASSWD", "spark.hadoop.ssh.passphrase",
      "spark.hadoop.http.cookie", "spark.hadoop.fs.http.authorization", "api_key", "apiKey", "github-token"})
  void secretLookingKeysAreRedacted(String key) {
    assertTrue(Secrets.isSecret(key), key);
    assertEquals(Secrets.REDACTED, Secrets.redact(Map.of(key, "x")).get(key));
    assertTrue(Pattern.compile(Secrets.SPARK_REDACTION_REGEX).matcher(key).find(),
        "Spark's redaction regex also catches " + key);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "spark.serializer", "spark.sql.shuffle.partitions", "spark.ui.enabled", "spark.master",
      "spark.hadoop.fs.s3a.endpoint", "spark.hadoop.fs.s3a.path.style.access",
      "spark.hadoop.fs.s3a.committer.name", "spark.sql.sources.commitProtocolClass",
      "spark.sql.parquet.output.committer.class", "spark.executor.memory", "spark.authenticate",
      "spark.hadoop.fs.s3a.connection.ssl.enabled", "spark.task.maxFailures", "spark.speculation"})
  void harmlessKeysStayReadable(String key) {
    assertFalse(Secrets.isSecret(key), key);
    assertEquals("v", Secrets.redact(Map.of(key, "v")).get(key));
  }
}
