package io.genpipe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext$;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfile$;
import org.apache.spark.resource.ResourceUtils$;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark settings under {@code cluster-config/}: every {@code *.conf} reads as spark-submit reads
 * a {@code --properties-file}, and every key is one Spark (or the named plugin, or genpipe) really
 * reads, so that a misspelt key fails here instead of being silently ignored by Spark. Also the
 * Kubernetes pod templates and the GPU discovery script.
 */
class ClusterConfigTest {
  private static final Path REPO = repoDir();
  private static final Path CONFIG = REPO.resolve("cluster-config");
  private static final Path SCRIPT = CONFIG.resolve("scripts/getGpusResources.sh");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Complete environments: each is passed alone with --properties-file. */
  private static final List<String> ENVIRONMENTS =
      List.of("local", "standalone-gpu", "kubernetes-gpu", "yarn-gpu");
  private static final List<String> GPU_ENVIRONMENTS =
      List.of("standalone-gpu", "kubernetes-gpu", "yarn-gpu");
  /** Fragments appended to an environment's file. */
  private static final List<String> FRAGMENTS = List.of("rapids", "openlineage");

  @BeforeAll
  static void repoLayout() {
    assertTrue(Files.isDirectory(CONFIG), "no cluster-config folder under " + REPO);
  }

  // ---------------------------------------------------------------------------------------------
  // Every *.conf: parses as Spark properties, every key real.

  static Stream<Path> confFiles() throws IOException {
    try (Stream<Path> s = Files.walk(CONFIG)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
      assertFalse(files.isEmpty(), "no *.conf under " + CONFIG);
      return files.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("confFiles")
  void parsesAsSparkPropertiesWithSparkKeysOnly(Path file) throws IOException {
    Map<String, String> conf = load(file);
    assertFalse(conf.isEmpty(), file + " sets nothing");
    conf.forEach((k, v) -> {
      assertTrue(k.startsWith("spark."), file + ": key '" + k + "' does not start with spark. "
          + "(spark-submit ignores such keys with a warning)");
      assertFalse(v.isEmpty(), file + ": " + k + " has an empty value");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("confFiles")
  void everyKeyIsOneSparkOrItsPluginReads(Path file) throws IOException {
    Map<String, String> problems = new TreeMap<>();
    load(file).forEach((k, v) -> {
      String p = SparkKeys.problem(k, v);
      if (p != null) {
        problems.put(k, p);
      }
    });
    assertTrue(problems.isEmpty(), file + ":\n  " + String.join("\n  ",
        problems.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "spark.executor.memoryOverheed",             // typo of a registered core key
      "spark.sql.shuffle.partition",               // typo of a registered SQL key
      "spark.executor.resource.gpu.amout",         // typo inside a pattern key
      "spark.task.resource.gpu.vendor",            // tasks take only .amount
      "spark.executorEnv.",                        // pattern without a name
      "spark.kubernetes.executor.podTemplateFiles",
      "spark.yarn.resourceGPUDeviceName",
      "spark.rapids.sql.enable",
      "spark.openlineage.transport.locaton",
      "spark.genpipe.batchsize",                   // genpipe options are kebab-case
      "spark.genpipe.models.",                     // prefix without a model name
      "spark.executor.memory.overhead",
      "executor.memory"})
  void validatorRefusesKeysSparkWouldIgnore(String key) {
    assertNotNull(SparkKeys.problem(key, "1"), key + " was accepted");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "spark.executor.memoryOverhead | 2g",
      "spark.sql.shuffle.partitions | 64",
      "spark.plugins | com.example.Plugin",
      "spark.driver.resource.gpu.discoveryScript | /opt/getGpusResources.sh",
      "spark.executorEnv.CUDA_DEVICE_ORDER | PCI_BUS_ID",
      "spark.yarn.executor.resource.yarn.io/gpu.amount | 1",
      "spark.hadoop.fs.s3a.path.style.access | true",
      "spark.genpipe.batch-size | 16",
      "spark.genpipe.models.summariser | /models/summariser",
      "spark.master | local[2]"})
  void validatorAcceptsRealKeys(String key, String value) {
    assertNull(SparkKeys.problem(key, value), key);
  }

  @Test
  void misspeltKeyIsNamedWithTheKeyItResembles() {
    String p = SparkKeys.problem("spark.executor.memoryOverheed", "10g");
    assertTrue(p.contains("spark.executor.memoryOverhead"), p);
  }

  @Test
  void badValueOfARegisteredKeyIsRefusedBySparksOwnConverter() {
    assertNotNull(SparkKeys.problem("spark.executor.cores", "four"));
    assertNotNull(SparkKeys.problem("spark.executor.memoryOverhead", "10 gigs"));
    assertNull(SparkKeys.problem("spark.executor.memoryOverhead", "10g"));
  }

  @Test
  void sparksRegistryIsLoaded() {
    assertTrue(SparkKeys.REGISTRY.size() > 500, "only " + SparkKeys.REGISTRY.size()
        + " config entries registered: the config objects did not initialise");
    for (String k : List.of("spark.executor.memoryOverhead", "spark.task.cpus", "spark.plugins",
        "spark.extraListeners", "spark.sql.files.maxPartitionBytes", "spark.worker.resourcesFile")) {
      assertTrue(SparkKeys.REGISTRY.containsKey(k), k);
    }
  }

  @Test
  void documentedKeysAreRegisteredWhereTheirModuleIsOnTheClasspath() {
    SparkKeys.DOCUMENTED.forEach((key, doc) -> {
      if (doc.module() != null && SparkKeys.LOADED.contains(doc.module())) {
        assertTrue(SparkKeys.REGISTRY.containsKey(key),
            key + " is allowlisted for " + doc.module() + ", which is loaded but does not define it");
      }
      assertFalse(doc.module() == null && SparkKeys.REGISTRY.containsKey(key),
          key + " is a registered Spark key; drop it from the allowlist");
    });
  }

  @Test
  void everyAllowlistedKeyIsUsed() throws IOException {
    Set<String> used = new LinkedHashSet<>();
    for (Path f : confFiles().toList()) {
      used.addAll(load(f).keySet());
    }
    for (String key : SparkKeys.DOCUMENTED.keySet()) {
      assertTrue(used.contains(key), key + " is allowlisted but no cluster-config file sets it");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Environments and fragments.

  @Test
  void environmentsCarrySparksJava17OptionsAndTheOfflineTokenizer() throws IOException {
    Map<String, String> local = env("local");
    String driver = local.get("spark.driver.extraJavaOptions");
    assertEquals(driver, local.get("spark.executor.extraJavaOptions"));
    String opens = System.getProperty("genpipe.test.java.opens");
    if (opens != null && !opens.isBlank()) {
      assertEquals(opens.trim() + " -Dai.djl.offline=true", driver,
          "cluster-config/local differs from the build's Java 17 module options");
    }
    for (String name : ENVIRONMENTS) {
      Map<String, String> conf = env(name);
      assertEquals(driver, conf.get("spark.driver.extraJavaOptions"), name);
      assertEquals(driver, conf.get("spark.executor.extraJavaOptions"), name);
      assertEquals("true", conf.get("spark.executorEnv.DJL_OFFLINE"), name);
    }
  }

  @Test
  void fragmentsAddOnlyTheirFeature() throws IOException {
    for (String name : FRAGMENTS) {
      Map<String, String> conf = env(name);
      for (String k : conf.keySet()) {
        assertFalse(k.equals("spark.master") || k.startsWith("spark.submit.")
            || k.endsWith(".extraJavaOptions") || k.contains(".resource."),
            name + " is appended to an environment and must not override " + k);
      }
    }
    Map<String, String> rapids = env("rapids");
    assertTrue(List.of(rapids.get("spark.plugins").split(",")).contains("com.nvidia.spark.SQLPlugin"));
    assertEquals("true", rapids.get("spark.rapids.sql.enabled"));
    Map<String, String> lineage = env("openlineage");
    assertTrue(List.of(lineage.get("spark.extraListeners").split(","))
        .contains("io.openlineage.spark.agent.OpenLineageSparkListener"));
    assertEquals("file", lineage.get("spark.openlineage.transport.type"));
    assertTrue(lineage.get("spark.openlineage.transport.location").startsWith("/"));
  }

  @Test
  void gpuEnvironmentsAgreeOnSlotsMemoryAndDevices() throws IOException {
    for (String name : GPU_ENVIRONMENTS) {
      Map<String, String> conf = env(name);
      int executorGpus = Integer.parseInt(conf.get("spark.executor.resource.gpu.amount"));
      double taskGpu = Double.parseDouble(conf.get("spark.task.resource.gpu.amount"));
      int cores = Integer.parseInt(conf.get("spark.executor.cores"));
      int taskCpus = Integer.parseInt(conf.getOrDefault("spark.task.cpus", "1"));
      assertTrue(executorGpus >= 1 && taskGpu > 0 && taskGpu <= 1, name);
      double gpuSlots = executorGpus / taskGpu;
      assertEquals(Math.rint(gpuSlots), gpuSlots, 1e-9, name + ": 1 / task GPU amount is not whole");
      assertEquals(cores / taskCpus, (int) Math.rint(gpuSlots),
          name + ": GPU slots and CPU slots per executor differ");
      assertEquals("PCI_BUS_ID", conf.get("spark.executorEnv.CUDA_DEVICE_ORDER"), name);
      assertEquals(cores / taskCpus, sparksTaskSlots(conf), name);

      // The genpipe options are ones the job accepts, with values it accepts.
      Map<String, String> genpipe = new LinkedHashMap<>();
      conf.forEach((k, v) -> {
        if (k.startsWith(JobOptions.SPARK_CONF_PREFIX)) {
          genpipe.put(k, v);
        }
      });
      JobConf job = new JobOptions().sparkConf(genpipe)
          .layer(Map.of(JobOptions.PROMPTS, "p", JobOptions.OUT, "o"), "test").toJobConf();
      assertTrue(job.models().intraOpThreads() <= cores, name + ": more ONNX Runtime threads than cores");

      if (!name.equals("standalone-gpu")) { // memoryOverhead is a YARN/Kubernetes setting
        long overhead = JavaUtils.byteStringAsBytes(conf.get("spark.executor.memoryOverhead"));
        assertTrue(overhead >= job.models().memoryBudgetBytes(), name
            + ": memoryOverhead below model-memory-budget (a CPU fallback loads weights natively)");
      }
    }
  }

  /**
   * Spark's own reading of the slots: the default resource profile built from {@code conf}, with
   * {@code spark.resources.warnings.testing} turning Spark's "wasted resources" warning into an
   * exception. The default profile is JVM-global: set only while no SparkContext is active, and
   * cleared afterwards (as SparkContext.stop does).
   */
  private static int sparksTaskSlots(Map<String, String> conf) {
    assumeTrue(SparkContext$.MODULE$.getActive().isEmpty(), "a SparkContext is active in this JVM");
    SparkConf sc = new SparkConf(false);
    conf.forEach(sc::set);
    sc.set("spark.resources.warnings.testing", "true");
    try {
      ResourceProfile rp = ResourceProfile$.MODULE$.reInitDefaultProfile(sc);
      ResourceUtils$.MODULE$.warnOnWastedResources(rp, sc, scala.Option.empty());
      return rp.maxTasksPerExecutor(sc);
    } finally {
      ResourceProfile$.MODULE$.clearDefaultProfile();
    }
  }

  @Test
  void fragmentsAppendWithoutOverridingTheEnvironment() throws IOException {
    for (String fragment : FRAGMENTS) {
      Set<String> keys = env(fragment).keySet();
      for (String name : ENVIRONMENTS) {
        Set<String> both = new TreeSet<>(env(name).keySet());
        both.retainAll(keys);
        assertTrue(both.isEmpty(), fragment + " appended to " + name + " overrides " + both);
      }
    }
  }

  @Test
  void discoveryScriptsAreWhereEachEnvironmentLooks() throws IOException {
    Map<String, String> yarn = env("yarn-gpu");
    assertTrue(Files.isRegularFile(REPO.resolve(yarn.get("spark.yarn.dist.files"))));
    assertEquals("./" + SCRIPT.getFileName(), yarn.get("spark.executor.resource.gpu.discoveryScript"));
    assertEquals("yarn.io/gpu", yarn.get("spark.yarn.resourceGpuDeviceName"));

    Map<String, String> k8s = env("kubernetes-gpu");
    assertTrue(k8s.get("spark.executor.resource.gpu.discoveryScript").endsWith("/" + SCRIPT.getFileName()));
    assertEquals("nvidia.com", k8s.get("spark.executor.resource.gpu.vendor"));

    Map<String, String> worker = load(CONFIG.resolve("standalone-gpu/spark-worker.conf"));
    assertTrue(Integer.parseInt(worker.get("spark.worker.resource.gpu.amount")) >= 1);
    assertTrue(worker.get("spark.worker.resource.gpu.discoveryScript").endsWith("/" + SCRIPT.getFileName()));
  }

  @Test
  void kubernetesPodTemplatesParseAndTheExecutorRequestsGpus() throws IOException {
    Map<String, String> conf = env("kubernetes-gpu");
    JsonNode executor = podTemplate(conf, "executor");
    JsonNode container = container(executor, conf.get("spark.kubernetes.executor.podTemplateContainerName"));
    JsonNode gpus = container.at("/resources/limits/nvidia.com~1gpu");
    assertFalse(gpus.isMissingNode(), "executor container has no nvidia.com/gpu limit");
    assertEquals(Integer.parseInt(conf.get("spark.executor.resource.gpu.amount")), gpus.asInt(),
        "pod template and spark.executor.resource.gpu.amount ask for different GPU counts");
    String cacheDir = conf.get("spark.genpipe.model-cache-dir");
    assertTrue(mounts(container).stream().anyMatch(m -> cacheDir.startsWith(m + "/")),
        "model cache " + cacheDir + " is on no volume of the executor");

    JsonNode driver = podTemplate(conf, "driver");
    JsonNode driverContainer = container(driver, conf.get("spark.kubernetes.driver.podTemplateContainerName"));
    assertTrue(driverContainer.at("/resources/limits/nvidia.com~1gpu").isMissingNode(),
        "the driver needs no GPU");
    assertEquals(mounts(container).contains("/data"), mounts(driverContainer).contains("/data"));
  }

  /**
   * The RAPIDS jar must be a release with a shim for the project's Spark (26.08.0 is the first with
   * 3.5.9); the fragment, cluster-config/README.md and docs/deploy.md must name the same one.
   */
  @Test
  void rapidsJarVersionSupportsTheProjectsSparkEverywhereItIsNamed() throws IOException {
    java.util.regex.Pattern jar = java.util.regex.Pattern.compile(
        "rapids-4-spark_2\\.12[:-](\\d+\\.\\d+\\.\\d+)");
    java.util.Set<String> versions = new java.util.TreeSet<>();
    for (Path f : List.of(CONFIG.resolve("rapids/spark-defaults.conf"), CONFIG.resolve("README.md"),
        REPO.resolve("docs/deploy.md"))) {
      java.util.regex.Matcher m = jar.matcher(Files.readString(f));
      while (m.find()) {
        versions.add(m.group(1));
      }
    }
    assertEquals(java.util.Set.of("26.08.1"), versions,
        "one RAPIDS release, with a Spark 3.5.9 shim, named everywhere");
    String pom = Files.readString(REPO.resolve("pom.xml"));
    assertTrue(pom.contains("<spark.version>3.5.9</spark.version>"),
        "Spark changed: check the RAPIDS release's supported Spark versions and update this test");
  }

  @Test
  void readmeNamesEveryFolder() throws IOException {
    String readme = Files.readString(CONFIG.resolve("README.md"));
    try (Stream<Path> s = Files.list(CONFIG)) {
      s.filter(Files::isDirectory).forEach(d ->
          assertTrue(readme.contains("`" + d.getFileName() + "/`"), "README.md lacks " + d.getFileName()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The GPU discovery script.

  @Test
  void discoveryScriptIsExecutable() {
    assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is not executable");
  }

  @Test
  void discoveryScriptPrintsAnEmptyListWithoutNvidiaSmi(@TempDir Path bin) throws Exception {
    assertEquals(List.of(), addresses(runScript(bin)));
  }

  @Test
  void discoveryScriptListsTheIndicesNvidiaSmiReports(@TempDir Path bin) throws Exception {
    fakeNvidiaSmi(bin, "printf '0\\n1\\r\\n 3 \\n'\nexit 0");
    String out = runScript(bin);
    assertEquals(List.of("0", "1", "3"), addresses(out));
    assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\",\"1\",\"3\"]}", out.strip());
  }

  @Test
  void discoveryScriptPrintsAnEmptyListWhenNvidiaSmiFails(@TempDir Path bin) throws Exception {
    fakeNvidiaSmi(bin, "echo 'NVIDIA-SMI has failed because it could not communicate with the "
        + "NVIDIA driver.'\nexit 9");
    assertEquals(List.of(), addresses(runScript(bin)));
  }

  @Test
  void discoveryScriptIgnoresNonIndexOutput(@TempDir Path bin) throws Exception {
    fakeNvidiaSmi(bin, "echo 'No devices were found'\nexit 0");
    assertEquals(List.of(), addresses(runScript(bin)));
  }

  /** A fake nvidia-smi that insists on the query Spark's example script makes. */
  private static void fakeNvidiaSmi(Path bin, String body) throws IOException {
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!" + bash() + "\n"
        + "[ \"$*\" = \"--query-gpu=index --format=csv,noheader\" ] || exit 2\n" + body + "\n");
    assertTrue(smi.toFile().setExecutable(true));
  }

  /** Runs the script as Spark does (by path, its shebang) with PATH = {@code bin} + bash only. */
  private static String runScript(Path bin) throws Exception {
    Path shell = bin.resolve("bash");
    Files.writeString(shell, "#!" + bash() + "\nexec " + bash() + " \"$@\"\n");
    assertTrue(shell.toFile().setExecutable(true));
    ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString()).redirectErrorStream(false);
    pb.environment().clear();
    pb.environment().put("PATH", bin.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "discovery script did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "exit status; stderr: " + err);
    assertEquals(1, out.strip().lines().count(), "one JSON line expected, got: " + out);
    return out;
  }

  private static List<String> addresses(String out) throws IOException {
    JsonNode n = JSON.readTree(out);
    assertTrue(n.isObject(), out);
    assertEquals("gpu", n.path("name").asText(), out);
    assertTrue(n.path("addresses").isArray(), out);
    List<String> a = new ArrayList<>();
    n.path("addresses").forEach(x -> {
      assertTrue(x.isTextual(), "addresses must be strings: " + out);
      a.add(x.asText());
    });
    return a;
  }

  private static String bash() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path b = Path.of(dir, "bash");
      if (Files.isExecutable(b)) {
        return b.toAbsolutePath().toString();
      }
    }
    fail("bash not found on PATH");
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  private static JsonNode podTemplate(Map<String, String> conf, String role) throws IOException {
    String key = "spark.kubernetes." + role + ".podTemplateFile";
    Path file = REPO.resolve(conf.get(key));
    assertTrue(Files.isRegularFile(file), key + " names a missing file: " + file);
    JsonNode pod = YAML.readTree(file.toFile());
    assertEquals("v1", pod.path("apiVersion").asText(), file.toString());
    assertEquals("Pod", pod.path("kind").asText(), file.toString());
    return pod;
  }

  private static JsonNode container(JsonNode pod, String name) {
    assertNotNull(name, "podTemplateContainerName unset");
    for (JsonNode c : pod.path("spec").path("containers")) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    return fail("pod template has no container named " + name);
  }

  private static List<String> mounts(JsonNode container) {
    List<String> out = new ArrayList<>();
    container.path("volumeMounts").forEach(m -> out.add(m.path("mountPath").asText()));
    return out;
  }

  private static Map<String, String> env(String folder) throws IOException {
    return load(CONFIG.resolve(folder).resolve("spark-defaults.conf"));
  }

  /**
   * Reads a file as spark-submit reads {@code --properties-file} (Spark's
   * {@code Utils.getPropertiesFromFile}: {@link Properties#load(Reader)} in UTF-8, values trimmed),
   * and refuses a key set twice, which Properties would silently resolve to the last value.
   */
  static Map<String, String> load(Path file) throws IOException {
    List<String> duplicates = new ArrayList<>();
    Properties props = new Properties() {
      @Override
      public synchronized Object put(Object key, Object value) {
        if (containsKey(key)) {
          duplicates.add(String.valueOf(key));
        }
        return super.put(key, value);
      }
    };
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(r);
    }
    assertTrue(duplicates.isEmpty(), file + " sets " + duplicates + " more than once");
    Map<String, String> out = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k).trim()));
    return out;
  }

  private static Path repoDir() {
    String dir = System.getProperty("genpipe.repo.dir");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("cluster-config"))) {
        return p;
      }
    }
    return fail("set -Dgenpipe.repo.dir to the repository root");
  }

  /**
   * Which keys are real. In order: Spark's own registry of config entries (every
   * {@code ConfigEntry} registers itself in {@code ConfigEntry.knownConfigs} when the object that
   * declares it initialises; its value converter also checks the value), then keys and key patterns
   * documented by Spark modules that are not on this classpath or by plugins (each with the page
   * that documents it), then {@code spark.genpipe.*} against genpipe's own option list.
   */
  static final class SparkKeys {
    private static final String SPARK_DOCS = "https://spark.apache.org/docs/3.5.9/";
    private static final String CONFIGURATION = SPARK_DOCS + "configuration.html";
    private static final String STANDALONE = SPARK_DOCS + "spark-standalone.html";
    private static final String KUBERNETES = SPARK_DOCS + "running-on-kubernetes.html";
    private static final String YARN = SPARK_DOCS + "running-on-yarn.html";
    private static final String RAPIDS = "https://nvidia.github.io/spark-rapids/docs/configs.html";
    private static final String OPENLINEAGE =
        "https://openlineage.io/docs/integrations/spark/configuration/spark_conf";
    private static final String OPENLINEAGE_TRANSPORT =
        "https://openlineage.io/docs/integrations/spark/configuration/transport";
    /** Config objects of spark-kubernetes and spark-yarn (not dependencies of genpipe). */
    private static final String K8S_MODULE = "org.apache.spark.deploy.k8s.Config$";
    private static final String YARN_MODULE = "org.apache.spark.deploy.yarn.config.package$";

    /**
     * Scala objects whose ConfigEntry vals register on initialisation. Tests$ is left out on
     * purpose: its keys exist only for Spark's own tests.
     */
    private static final List<String> CONFIG_OBJECTS = List.of(
        "org.apache.spark.internal.config.package$",
        "org.apache.spark.internal.config.Deploy$",
        "org.apache.spark.internal.config.History$",
        "org.apache.spark.internal.config.Kryo$",
        "org.apache.spark.internal.config.Network$",
        "org.apache.spark.internal.config.Python$",
        "org.apache.spark.internal.config.R$",
        "org.apache.spark.internal.config.Status$",
        "org.apache.spark.internal.config.Streaming$",
        "org.apache.spark.internal.config.UI$",
        "org.apache.spark.internal.config.Worker$",
        "org.apache.spark.sql.internal.SQLConf$",
        "org.apache.spark.sql.internal.StaticSQLConf$",
        K8S_MODULE,
        YARN_MODULE);

    /** Where a key that is not in the registry is documented, and which module defines it. */
    record Doc(String page, String module) {}

    /**
     * Exact keys read outside the registry. Every entry must be set by some cluster-config file
     * (see everyAllowlistedKeyIsUsed) so that the list stays as small as the configs.
     */
    static final Map<String, Doc> DOCUMENTED = new TreeMap<>(Map.ofEntries(
        // Spark core reads spark.master directly (SparkContext/SparkSubmit), not via a ConfigEntry:
        // configuration.html#application-properties
        Map.entry("spark.master", new Doc(CONFIGURATION + "#application-properties", null)),
        // spark-kubernetes: running-on-kubernetes.html#configuration
        Map.entry("spark.kubernetes.namespace", new Doc(KUBERNETES + "#configuration", K8S_MODULE)),
        Map.entry("spark.kubernetes.authenticate.driver.serviceAccountName",
            new Doc(KUBERNETES + "#configuration", K8S_MODULE)),
        Map.entry("spark.kubernetes.driver.podTemplateFile",
            new Doc(KUBERNETES + "#configuration", K8S_MODULE)),
        Map.entry("spark.kubernetes.driver.podTemplateContainerName",
            new Doc(KUBERNETES + "#configuration", K8S_MODULE)),
        Map.entry("spark.kubernetes.executor.podTemplateFile",
            new Doc(KUBERNETES + "#configuration", K8S_MODULE)),
        Map.entry("spark.kubernetes.executor.podTemplateContainerName",
            new Doc(KUBERNETES + "#configuration", K8S_MODULE)),
        // spark-yarn: running-on-yarn.html#spark-properties
        Map.entry("spark.yarn.dist.files", new Doc(YARN + "#spark-properties", YARN_MODULE)),
        Map.entry("spark.yarn.resourceGpuDeviceName", new Doc(YARN + "#spark-properties", YARN_MODULE)),
        // RAPIDS Accelerator (com.nvidia:rapids-4-spark_2.12): configs.html
        Map.entry("spark.rapids.sql.enabled", new Doc(RAPIDS, null)),
        Map.entry("spark.rapids.sql.concurrentGpuTasks", new Doc(RAPIDS, null)),
        Map.entry("spark.rapids.sql.explain", new Doc(RAPIDS, null)),
        Map.entry("spark.rapids.memory.gpu.allocFraction", new Doc(RAPIDS, null)),
        Map.entry("spark.rapids.memory.gpu.maxAllocFraction", new Doc(RAPIDS, null)),
        // OpenLineage (io.openlineage:openlineage-spark_2.12): spark_conf and transport pages
        Map.entry("spark.openlineage.namespace", new Doc(OPENLINEAGE, null)),
        Map.entry("spark.openlineage.transport.type", new Doc(OPENLINEAGE_TRANSPORT, null)),
        Map.entry("spark.openlineage.transport.location", new Doc(OPENLINEAGE_TRANSPORT, null))));

    /** Key families Spark documents with a placeholder in the name. */
    static final Map<Pattern, Doc> DOCUMENTED_PATTERNS = patterns(
        // configuration.html#custom-resource-scheduling-and-configuration-overview and the
        // Application Properties table: spark.{driver|executor}.resource.{resourceName}.{amount,
        // discoveryScript, vendor}; spark.task.resource.{resourceName}.amount
        "spark\\.(driver|executor)\\.resource\\.[a-z][a-z0-9]*\\.(amount|discoveryScript|vendor)",
        new Doc(CONFIGURATION + "#custom-resource-scheduling-and-configuration-overview", null),
        "spark\\.task\\.resource\\.[a-z][a-z0-9]*\\.amount",
        new Doc(CONFIGURATION + "#custom-resource-scheduling-and-configuration-overview", null),
        // spark-standalone.html#resource-allocation-and-configuration-overview (worker side)
        "spark\\.worker\\.resource\\.[a-z][a-z0-9]*\\.(amount|discoveryScript)",
        new Doc(STANDALONE + "#resource-allocation-and-configuration-overview", null),
        // configuration.html#runtime-environment: spark.executorEnv.[EnvironmentVariableName]
        "spark\\.executorEnv\\.[A-Za-z_][A-Za-z0-9_]*",
        new Doc(CONFIGURATION + "#runtime-environment", null),
        // running-on-kubernetes.html#configuration: spark.kubernetes.driverEnv.[EnvironmentVariableName]
        "spark\\.kubernetes\\.driverEnv\\.[A-Za-z_][A-Za-z0-9_]*",
        new Doc(KUBERNETES + "#configuration", K8S_MODULE),
        // running-on-yarn.html#spark-properties: spark.yarn.appMasterEnv.[EnvironmentVariableName]
        "spark\\.yarn\\.appMasterEnv\\.[A-Za-z_][A-Za-z0-9_]*",
        new Doc(YARN + "#spark-properties", YARN_MODULE),
        // running-on-yarn.html#spark-properties: spark.yarn.{am|driver|executor}.resource.{resource-type}.amount
        "spark\\.yarn\\.(am|driver|executor)\\.resource\\.[A-Za-z0-9][A-Za-z0-9./_-]*\\.amount",
        new Doc(YARN + "#spark-properties", YARN_MODULE),
        // configuration.html#custom-hadoophive-configuration: spark.hadoop.* goes to Hadoop
        "spark\\.hadoop\\.[A-Za-z0-9].*",
        new Doc(CONFIGURATION + "#custom-hadoophive-configuration", null));

    static final Set<String> LOADED = new LinkedHashSet<>();
    static final Map<String, ConfigEntry<?>> REGISTRY = registry();

    private SparkKeys() {}

    /** Null when Spark (or the plugin, or genpipe) reads {@code key}; otherwise why not. */
    static String problem(String key, String value) {
      if (!key.startsWith("spark.")) {
        return "does not start with spark. (spark-submit ignores it)";
      }
      ConfigEntry<?> entry = REGISTRY.get(key);
      if (entry != null) {
        try {
          entry.valueConverter().apply(value);
          return null;
        } catch (RuntimeException e) {
          return "Spark refuses the value '" + value + "': " + e.getMessage();
        }
      }
      if (DOCUMENTED.containsKey(key)) {
        return null;
      }
      for (Pattern p : DOCUMENTED_PATTERNS.keySet()) {
        if (p.matcher(key).matches()) {
          return null;
        }
      }
      if (key.startsWith(JobOptions.SPARK_CONF_PREFIX)) {
        String option = key.substring(JobOptions.SPARK_CONF_PREFIX.length());
        if (JobOptions.KEYS.contains(option) || JobOptions.PREFIXES.stream()
            .anyMatch(pre -> option.startsWith(pre) && option.length() > pre.length())) {
          return null;
        }
        return "not a genpipe option; known: " + JobOptions.KEYS + " and " + JobOptions.PREFIXES
            + "<name>";
      }
      String near = nearest(key);
      return "not a Spark 3.5.9 config entry, nor a documented module, plugin or pattern key"
          + (near == null ? "" : " (did you mean " + near + "?)");
    }

    private static Map<String, ConfigEntry<?>> registry() {
      ClassLoader loader = ClusterConfigTest.class.getClassLoader();
      for (String name : CONFIG_OBJECTS) {
        try {
          // Initialising the object runs its vals, and each ConfigEntry registers itself.
          Class.forName(name, true, loader).getField("MODULE$").get(null);
          LOADED.add(name);
        } catch (ClassNotFoundException e) {
          // a module genpipe does not depend on; its keys are in DOCUMENTED
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot initialise " + name, e);
        }
      }
      assertTrue(LOADED.contains(CONFIG_OBJECTS.get(0)), "spark-core's config object is missing");
      // private[spark] in Scala, public in bytecode.
      return new HashMap<>(org.apache.spark.internal.config.ConfigEntry$.MODULE$.knownConfigs());
    }

    private static Map<Pattern, Doc> patterns(Object... regexAndDoc) {
      Map<Pattern, Doc> out = new LinkedHashMap<>();
      for (int i = 0; i < regexAndDoc.length; i += 2) {
        out.put(Pattern.compile((String) regexAndDoc[i]), (Doc) regexAndDoc[i + 1]);
      }
      return out;
    }

    private static String nearest(String key) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String k : Stream.concat(REGISTRY.keySet().stream(), DOCUMENTED.keySet().stream()).toList()) {
        int d = distance(key, k);
        if (d < bestDistance) {
          bestDistance = d;
          best = k;
        }
      }
      return bestDistance <= Math.max(2, key.length() / 8) ? best : null;
    }

    private static int distance(String a, String b) {
      int[] prev = new int[b.length() + 1];
      int[] cur = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        prev[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        cur[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
          cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
      return prev[b.length()];
    }
  }
}
