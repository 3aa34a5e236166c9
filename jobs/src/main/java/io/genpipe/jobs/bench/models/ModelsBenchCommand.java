package io.genpipe.jobs.bench.models;

import io.genpipe.model.ChunkFetcher;
import io.genpipe.model.ChunkPlan;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelFile;
import io.genpipe.model.ModelResolver;
import io.genpipe.model.spark.DistributedModel;
import io.genpipe.model.spark.Distribution;
import io.genpipe.model.spark.ModelDistributor;
import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.OrtRuntime;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.TextModel;
import io.genpipe.udf.spark.ExecutorModels;
import io.genpipe.udf.spark.PolicyDecision;
import io.genpipe.udf.spark.TextModelSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.BroadcastBlockId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genpipe bench models}: what getting a large model to executors costs, measured with
 * genpipe's own classes on a generated multi-chunk model (the demo text model plus a large
 * pseudo-random {@code weights.bin}): driver-side resolution (hashing, then the digest cache),
 * chunked broadcast creation and executor-side materialisation at several chunk sizes, the
 * executor cache hit, model load and {@link ExecutorModels} borrow times, and, when the
 * environment allows, the same broadcast through executor JVMs ({@code local-cluster}). Every
 * figure is the median of {@code --repeats} runs after one warm-up run.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Model distribution: resolve/hash, chunked broadcast, executor materialise + "
        + "verify, cache hits, model load and borrow, on a generated multi-chunk model.")
public final class ModelsBenchCommand implements Callable<Integer> {
  static final String DEMO_LM = "datasets/demo/models/genpipe-tiny-lm";
  private static final double MB = 1 << 20;

  @Option(names = "--base-model", paramLabel = "DIR", defaultValue = DEMO_LM,
      description = "Small real text model copied into the generated model (default ${DEFAULT-VALUE}).")
  Path baseModel;

  @Option(names = "--weights-mb", defaultValue = "256",
      description = "Size of the generated weights.bin in MiB (default ${DEFAULT-VALUE}).")
  int weightsMb;

  @Option(names = "--chunk-mb", split = ",", defaultValue = "8,64",
      description = "Broadcast chunk sizes in MiB (default ${DEFAULT-VALUE}; genpipe's default is 256).")
  List<Integer> chunkMb;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Timed runs per measurement after one warm-up; the median is reported (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--cluster", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also broadcast to executor JVMs through local-cluster[2,1,MB] (default on; "
          + "needs SPARK_SCALA_VERSION=2.12 and SPARK_TESTING=1 in the environment, else skipped).")
  boolean cluster;

  @Option(names = "--executor-memory-mb", defaultValue = "1024",
      description = "Memory of each local-cluster executor in MiB (default ${DEFAULT-VALUE}).")
  int executorMemoryMb;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "Extra Spark configuration for both sessions (e.g. spark.broadcast.compress=false); repeatable.")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  @Option(names = "--borrow-calls", defaultValue = "20000",
      description = "Borrow+give-back calls per timed run of the cache-hit measurement (default ${DEFAULT-VALUE}).")
  int borrowCalls;

  private final PrintStream out = System.out;

  /** Runs the command on its own (before it is registered under {@code genpipe bench}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ModelsBenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path base = baseModel.toAbsolutePath().normalize();
    if (!Files.isRegularFile(base.resolve("model.onnx"))) {
      throw new IllegalArgumentException("--base-model " + base + " has no model.onnx");
    }
    Path tmp = Files.createTempDirectory("genpipe-bench-models");
    List<Path> digestCaches = new ArrayList<>();
    try {
      long o0 = System.nanoTime();
      OrtRuntime.env();
      double ortInitMs = ms(System.nanoTime() - o0);
      out.println(machine());
      out.printf(Locale.ROOT, "every figure: median of %d timed runs after 1 warm-up run "
          + "(warm-up shown separately); MB = MiB%s%n", repeats,
          sparkConf.isEmpty() ? "" : "; extra Spark conf " + sparkConf);

      Path folder = tmp.resolve("model-0");
      long g0 = System.nanoTime();
      BigModelFolder.create(base, folder, (long) weightsMb << 20, 42L);
      double genMs = ms(System.nanoTime() - g0);
      long total = BigModelFolder.totalBytes(folder);
      out.printf(Locale.ROOT, "%ngenerated model: %s = %s + %s (%d MiB pseudo-random, seed 42), "
          + "%.1f MB in all, written in %.0f ms%n", folder, base.getFileName(),
          BigModelFolder.WEIGHTS, weightsMb, total / MB, genMs);

      Path[] current = {folder};
      CpuShare cpu = CpuShare.start();
      ModelDescriptor d = resolution(tmp, current, total, digestCaches);
      broadcastAndLoad(tmp, base, current[0], d, ortInitMs);
      out.printf(Locale.ROOT, "%nother processes used %.0f%% of the machine's CPU time during "
          + "(a)-(d)%s%n", 100 * cpu.othersShare(), cpu.othersShare() > 0.05
              ? " (figures disturbed; rerun on a quiet machine)" : "");
      if (cluster) {
        localCluster(tmp, current[0], d);
      }
      return 0;
    } finally {
      BigModelFolder.deleteTree(tmp);
      digestCaches.forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a stale digest-cache entry of a deleted folder is harmless
        }
      });
    }
  }

  /** (a) Driver-side resolution: first time (hashing every byte) and with the digest cache. */
  private ModelDescriptor resolution(Path tmp, Path[] current, long total, List<Path> digestCaches)
      throws Exception {
    Path weights = current[0].resolve(BigModelFolder.WEIGHTS);
    long weightBytes = Files.size(weights);
    byte[] inMemory = new byte[64 << 20];
    new SplittableRandom(1).nextBytes(inMemory);
    Runs sha = Runs.of(repeats, () -> {
      long t = System.nanoTime();
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(inMemory);
      md.digest();
      return ms(System.nanoTime() - t);
    });
    Runs read = Runs.of(repeats, () -> {
      long t = System.nanoTime();
      ByteBuffer buf = ByteBuffer.allocate(8 << 20);
      try (FileChannel ch = FileChannel.open(weights)) {
        while (ch.read(buf.clear()) >= 0) {
          // read only
        }
      }
      return ms(System.nanoTime() - t);
    });
    AtomicInteger generation = new AtomicInteger();
    ModelDescriptor[] resolved = new ModelDescriptor[1];
    // A fresh folder path each run is a digest-cache miss (the cache is keyed by the real path);
    // renaming keeps the bytes in the page cache, so this is hashing, not disk, speed.
    Runs cold = Runs.of(repeats, () -> {
      Path next = tmp.resolve("model-" + generation.incrementAndGet());
      Files.move(current[0], next);
      current[0] = next;
      digestCaches.add(digestCacheFile(next));
      long t = System.nanoTime();
      resolved[0] = ModelResolver.resolve(next);
      return ms(System.nanoTime() - t);
    });
    String digest = resolved[0].sha256();
    Runs warm = Runs.of(repeats, () -> {
      long t = System.nanoTime();
      ModelDescriptor again = ModelResolver.resolve(current[0]);
      double elapsed = ms(System.nanoTime() - t);
      if (!again.sha256().equals(digest)) {
        throw new IllegalStateException("resolve gave " + again.sha256() + " then " + digest);
      }
      return elapsed;
    });
    out.printf(Locale.ROOT, "%n(a) driver: model resolution, "
        + "io.genpipe.model.ModelResolver.resolve (%d files, content digest %s...)%n",
        resolved[0].files().size(), digest.substring(0, 12));
    new Table("measurement", "bytes", "warm-up ms", "median ms", "MB/s", "what it is")
        .row("baseline: JDK SHA-256, bytes in memory", mib(inMemory.length), f1(sha.warmup()),
            f1(sha.median()), rate(inMemory.length, sha.median()), "CPU ceiling of any hashing")
        .row("baseline: read weights.bin, no hash", mib(weightBytes), f1(read.warmup()),
            f1(read.median()), rate(weightBytes, read.median()), "page cache, 8 MB reads")
        .row("resolve, first time (no digest cache)", mib(total), f1(cold.warmup()),
            f1(cold.median()), rate(total, cold.median()), "reads + hashes every file")
        .row("resolve, second time (digest cache hit)", mib(total), f2(warm.warmup()),
            f2(warm.median()), "-", "stat + cache JSON, no file read")
        .print(out);
    return resolved[0];
  }

  /** (b) broadcast + materialise in local[2]; (c) cache hit; (d) model load and borrow. */
  private void broadcastAndLoad(Path tmp, Path base, Path folder, ModelDescriptor d,
      double ortInitMs) throws Exception {
    SparkSession.Builder builder = SparkSession.builder().appName("genpipe bench models")
        .master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false");
    sparkConf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("genpipe.spark.log.level", "WARN"));
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      long total = d.totalBytes();
      Table t = new Table("chunk", "chunks", "driver: broadcast creation ms (warm-up)",
          "driver MB/s", "task: materialise + verify ms (warm-up)", "task MB/s",
          "cache hit ms", "heap held while live, MB");
      AtomicInteger n = new AtomicInteger();
      for (int chunk : chunkMb) {
        List<Double> held = new ArrayList<>();
        List<Double> hits = new ArrayList<>();
        List<Double> materialise = new ArrayList<>();
        double[] warmMaterialise = {Double.NaN};
        int[] chunks = {0};
        Runs create = Runs.of(repeats, () -> {
          double before = heapAfterGcMb();
          long t0 = System.nanoTime();
          DistributedModel dm = ModelDistributor.distribute(jsc, d, folder, folder.toString(),
              Distribution.BROADCAST, (long) chunk << 20);
          double createMs = ms(System.nanoTime() - t0);
          chunks[0] = dm.chunks().size();
          try {
            String root = tmp.resolve("cache-local-" + n.incrementAndGet()).toString();
            MaterialiseTask.Probe p = jsc.parallelize(List.of(0), 1)
                .map(new MaterialiseTask(dm, root, false)).collect().get(0);
            double heldMb = heapAfterGcMb() - before;
            if (Double.isNaN(warmMaterialise[0])) {
              warmMaterialise[0] = ms(p.fetchWriteVerifyNanos());
            } else {
              materialise.add(ms(p.fetchWriteVerifyNanos()));
              hits.add(ms(p.hitNanos()));
              held.add(heldMb);
            }
          } finally {
            releaseAndWait(dm);
          }
          return createMs;
        });
        double m = Runs.median(materialise);
        t.row(chunk + " MB", Integer.toString(chunks[0]),
            f0(create.median()) + " (" + f0(create.warmup()) + ")", rate(total, create.median()),
            f0(m) + " (" + f0(warmMaterialise[0]) + ")", rate(total, m),
            f2(Runs.median(hits)), f0(Runs.median(held)));
      }
      out.printf(Locale.ROOT, "%n(b, c) broadcast of %.1f MB: "
          + "ModelDistributor.distribute(BROADCAST) on the driver, then "
          + "DistributedModel.localFolder(fresh cache) in a Spark task of local[2] (same JVM: "
          + "chunks come from the local block manager, in memory, no network, no decompression), "
          + "then localFolder again on the same cache (hit)%n", total / MB);
      t.print(out);
      breakdown(tmp, jsc, folder, d);

      loads(tmp, jsc, base, folder, d, ortInitMs);
    } finally {
      spark.stop();
    }
  }

  /**
   * Where broadcast creation and materialisation spend their time: the same steps done one at a
   * time with the same public pieces (reading the chunks as ModelDistributor does, sc.broadcast
   * of those arrays, ChunkFetcher writing them, SHA-256 re-reading the files as LocalModelStore
   * does with its 1 MB buffer).
   */
  private void breakdown(Path tmp, JavaSparkContext jsc, Path folder, ModelDescriptor d)
      throws Exception {
    long total = d.totalBytes();
    Table t = new Table("chunk", "read chunks (RandomAccessFile) ms", "sc.broadcast(byte[]) ms",
        "ChunkFetcher.fetchInto ms", "sha256 re-read, 1 MB buffer ms", "sum ms");
    AtomicInteger n = new AtomicInteger();
    for (int chunk : chunkMb) {
      ChunkPlan plan = new ChunkPlan(d.files(), (long) chunk << 20);
      byte[][][] arrays = new byte[1][][];
      Runs read = Runs.of(repeats, () -> {
        long t0 = System.nanoTime();
        arrays[0] = readChunks(plan, folder);
        return ms(System.nanoTime() - t0);
      });
      Runs bc = Runs.of(repeats, () -> {
        List<org.apache.spark.broadcast.Broadcast<byte[]>> made = new ArrayList<>();
        long t0 = System.nanoTime();
        for (byte[] a : arrays[0]) {
          made.add(jsc.broadcast(a));
        }
        double elapsed = ms(System.nanoTime() - t0);
        made.forEach(b -> b.destroy());
        awaitRemoved(made.stream().map(b -> b.id()).toList());
        return elapsed;
      });
      Path staging = tmp.resolve("staging-" + n.incrementAndGet());
      Runs write = Runs.of(repeats, () -> {
        BigModelFolder.deleteTree(staging);
        Files.createDirectories(staging);
        long t0 = System.nanoTime();
        new ChunkFetcher(plan, i -> arrays[0][i]).fetchInto(staging);
        return ms(System.nanoTime() - t0);
      });
      Runs hash = Runs.of(repeats, () -> {
        long t0 = System.nanoTime();
        for (ModelFile f : d.files()) {
          sha256OneMegBuffer(staging.resolve(f.path()));
        }
        return ms(System.nanoTime() - t0);
      });
      BigModelFolder.deleteTree(staging);
      arrays[0] = null;
      double sum = read.median() + bc.median() + write.median() + hash.median();
      t.row(chunk + " MB", cell(read, total), cell(bc, total), cell(write, total),
          cell(hash, total), f0(sum));
    }
    out.printf(Locale.ROOT, "%n(b') where that time goes: the same steps one at a time "
        + "(median ms, MB/s in brackets); driver = read + broadcast, task = fetchInto + sha256%n");
    t.print(out);
  }

  private static String cell(Runs r, long bytes) {
    return f0(r.median()) + " [" + rate(bytes, r.median()) + "]";
  }

  private static byte[][] readChunks(ChunkPlan plan, Path dir) throws IOException {
    byte[][] out = new byte[plan.chunkCount()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new byte[plan.chunkLength(i)];
      for (ChunkPlan.Piece p : plan.pieces(i)) {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(
            dir.resolve(p.file().path()).toFile(), "r")) {
          raf.seek(p.fileOffset());
          raf.readFully(out[i], p.chunkOffset(), p.length());
        }
      }
    }
    return out;
  }

  private static void sha256OneMegBuffer(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch = FileChannel.open(file)) {
      while (ch.read(buf) > 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    md.digest();
  }

  /** (d) model load (TextModel.load) and ExecutorModels.borrow, miss and hit. */
  private void loads(Path tmp, JavaSparkContext jsc, Path base, Path folder, ModelDescriptor d,
      double ortInitMs) throws Exception {
    SessionConf session = new SessionConf(ExecutionDevice.CPU, 1, true);
    Runs load = Runs.of(repeats, () -> {
      long t = System.nanoTime();
      TextModel m = TextModel.load("genpipe-tiny-lm", base, session);
      double elapsed = ms(System.nanoTime() - t);
      m.close();
      return elapsed;
    });
    long chunk = (long) chunkMb.get(chunkMb.size() - 1) << 20;
    DistributedModel dm = ModelDistributor.distribute(jsc, d, folder, folder.toString(),
        Distribution.BROADCAST, chunk);
    PolicyDecision policy = new PolicyDecision("research", "allowed", null, null);
    TextModelSpec spec = new TextModelSpec("bench", dm, policy, null);
    List<Double> mat = new ArrayList<>();
    List<Double> ld = new ArrayList<>();
    AtomicInteger n = new AtomicInteger();
    Runs miss;
    Runs hit;
    try {
      miss = Runs.of(repeats, () -> {
        ExecutorModels.closeAll();
        Path root = tmp.resolve("cache-borrow-" + n.incrementAndGet());
        long[] split = new long[2];
        long t = System.nanoTime();
        try (ExecutorModels.Lease<TextModel> lease = ExecutorModels.borrow(spec, session, root,
            16L << 30, (loadNanos, materialiseNanos, bytesFetched) -> {
              split[0] = loadNanos;
              split[1] = materialiseNanos;
            })) {
          lease.model();
        }
        double elapsed = ms(System.nanoTime() - t);
        if (n.get() > 1) {
          mat.add(ms(split[1]));
          ld.add(ms(split[0]));
        }
        return elapsed;
      });
      Path root = tmp.resolve("cache-borrow-" + n.get());
      hit = Runs.of(repeats, () -> {
        long t = System.nanoTime();
        for (int i = 0; i < borrowCalls; i++) {
          try (ExecutorModels.Lease<TextModel> lease = ExecutorModels.borrow(spec, session, root,
              16L << 30, ExecutorModels.LoadListener.NONE)) {
            lease.model();
          }
        }
        return (System.nanoTime() - t) / 1e3 / borrowCalls;
      });
    } finally {
      ExecutorModels.closeAll();
      releaseAndWait(dm);
    }
    out.printf(Locale.ROOT, "%n(d) model load, CPU session, 1 intra-op thread%n");
    new Table("measurement", "warm-up", "median", "what it is")
        .row("ONNX Runtime environment, first creation", f0(ortInitMs) + " ms", "-",
            "once per JVM (OrtRuntime.env(): native library load), excluded below")
        .row("TextModel.load(genpipe-tiny-lm), 260 KB", f1(load.warmup()) + " ms",
            f1(load.median()) + " ms", "tokenizer + ONNX session; warm-up = first load in the "
                + "JVM (tokenizer native library, cold JIT)")
        .row("ExecutorModels.borrow, miss, broadcast " + (chunk >> 20) + " MB chunks",
            f0(miss.warmup()) + " ms", f0(miss.median()) + " ms",
            String.format(Locale.ROOT, "materialise %.0f ms (%s MB/s) + load %.1f ms (medians)",
                Runs.median(mat), rate(d.totalBytes(), Runs.median(mat)), Runs.median(ld)))
        .row("ExecutorModels.borrow, hit (+ give back)", f2(hit.warmup()) + " us",
            f2(hit.median()) + " us", "mean over " + borrowCalls + " borrow/close calls, "
                + "1 thread")
        .print(out);
  }

  /** (e) the broadcast through executor JVMs: local-cluster[2,1,MB]. */
  private void localCluster(Path tmp, Path folder, ModelDescriptor d) throws Exception {
    if (!"1".equals(System.getenv("SPARK_TESTING"))
        || System.getenv("SPARK_SCALA_VERSION") == null) {
      out.printf(Locale.ROOT, "%n(e) local-cluster: skipped. Spark's launcher starts executor JVMs "
          + "without a Spark distribution only with SPARK_SCALA_VERSION=2.12 SPARK_TESTING=1 in "
          + "the environment; rerun as: SPARK_SCALA_VERSION=2.12 SPARK_TESTING=1 ./genpipe bench "
          + "models%n");
      return;
    }
    String master = "local-cluster[2,1," + executorMemoryMb + "]";
    long s0 = System.nanoTime();
    SparkSession.Builder builder = SparkSession.builder().appName("genpipe bench models (cluster)")
        .master(master)
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.executor.extraClassPath", absoluteClassPath())
        .config("spark.executor.extraJavaOptions", JavaModuleOptions.defaultModuleOptions()
            + " -Dai.djl.offline=true");
    sparkConf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("genpipe.spark.log.level", "WARN"));
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("local-cluster executors did not register in 120 s");
        }
        Thread.sleep(100);
      }
      double startMs = ms(System.nanoTime() - s0);
      CpuShare cpu = CpuShare.start();
      Map<String, Double> baseHeap = new TreeMap<>();
      for (String[] e : jsc.parallelize(List.of(0, 1), 2).map(new HeapTask()).collect()) {
        baseHeap.put(e[0], Double.parseDouble(e[1]));
      }
      long total = d.totalBytes();
      Table t = new Table("chunk", "executor", "driver: broadcast ms", "fetch + write + verify ms",
          "MB/s", "from local blocks ms", "MB/s ", "cache hit ms", "executor heap held, MB");
      AtomicInteger n = new AtomicInteger();
      for (int chunk : chunkMb) {
        Map<String, List<MaterialiseTask.Probe>> byExec = new TreeMap<>();
        Map<String, Double> warmByExec = new TreeMap<>();
        Runs create = Runs.of(repeats, () -> {
          long t0 = System.nanoTime();
          DistributedModel dm = ModelDistributor.distribute(jsc, d, folder, folder.toString(),
              Distribution.BROADCAST, (long) chunk << 20);
          double createMs = ms(System.nanoTime() - t0);
          boolean warmup = n.incrementAndGet() % (repeats + 1) == 1;
          try {
            String root = tmp.resolve("cache-cluster-" + n.get()).toString();
            for (MaterialiseTask.Probe p : jsc.parallelize(List.of(0, 1), 2)
                .map(new MaterialiseTask(dm, root, true)).collect()) {
              if (warmup) {
                warmByExec.put(p.executorId(), ms(p.fetchWriteVerifyNanos()));
              } else {
                byExec.computeIfAbsent(p.executorId(), k -> new ArrayList<>()).add(p);
              }
            }
          } finally {
            releaseAndWait(dm);
          }
          return createMs;
        });
        byExec.forEach((exec, probes) -> {
          double fwv = Runs.median(
              probes.stream().map(p -> ms(p.fetchWriteVerifyNanos())).toList());
          double local = Runs.median(probes.stream().map(p -> ms(p.localBlocksNanos())).toList());
          double hit = Runs.median(probes.stream().map(p -> ms(p.hitNanos())).toList());
          double heap = Runs.median(probes.stream().map(p -> p.heapUsedAfterGc() / MB).toList())
              - baseHeap.getOrDefault(exec, 0.0);
          t.row(chunk + " MB", exec + " (" + probes.size() + " runs)", f0(create.median()),
              f0(fwv) + " (" + f0(warmByExec.getOrDefault(exec, Double.NaN)) + ")",
              rate(total, fwv), f0(local), rate(total, local), f2(hit), f0(heap));
        });
      }
      out.printf(Locale.ROOT, "%n(e) the same broadcast through executor JVMs: %s (2 executors, 1 "
          + "core, %d MB each, on this host; started and registered in %.1f s). One Spark task per "
          + "executor calls localFolder into its own fresh cache: chunk fetch over the loopback "
          + "network (torrent), decompress + deserialise, write, sha256 verify; then again into "
          + "a second fresh cache, with the chunks now in the executor's block manager; then a "
          + "cache hit. Warm-up run in parentheses. Executor heap held = heap used after GC at "
          + "the end of the task minus before any broadcast.%n", master, executorMemoryMb,
          startMs / 1000);
      t.print(out);
      out.printf(Locale.ROOT, "other processes (not this JVM or its executor JVMs) used %.0f%% of "
          + "the machine's CPU time during (e)%s%n", 100 * cpu.othersShare(),
          cpu.othersShare() > 0.05 ? " (figures disturbed; rerun on a quiet machine)" : "");
    } finally {
      spark.stop();
    }
  }

  /** This JVM's class path with every entry absolute (executors run in their own folder). */
  private static String absoluteClassPath() {
    StringBuilder sb = new StringBuilder();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : java.io.File.pathSeparator)
            .append(Path.of(e).toAbsolutePath().normalize());
      }
    }
    return sb.toString();
  }

  /** Executor id and its heap used after a GC, in MiB. */
  static final class HeapTask implements Function<Integer, String[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public String[] call(Integer ignored) {
      System.gc();
      Runtime rt = Runtime.getRuntime();
      return new String[] {SparkEnv.get().executorId(),
          Double.toString((rt.totalMemory() - rt.freeMemory()) / MB)};
    }
  }

  /**
   * {@link DistributedModel#release} destroys the chunk broadcasts without blocking; waits (at
   * most 10 s) until the driver's block manager no longer holds them, so that one run's blocks do
   * not count in the next run's heap or time.
   */
  private static void releaseAndWait(DistributedModel dm) throws InterruptedException {
    List<Long> ids = dm.chunks().stream().map(b -> b.id()).toList();
    dm.release();
    awaitRemoved(ids);
  }

  private static void awaitRemoved(List<Long> ids) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    var store = SparkEnv.get().blockManager().memoryStore();
    while (System.nanoTime() < deadline && ids.stream().anyMatch(id ->
        store.contains(new BroadcastBlockId(id, ""))
            || store.contains(new BroadcastBlockId(id, "piece0")))) {
      Thread.sleep(10);
    }
  }

  private static double heapAfterGcMb() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / MB;
  }

  /** Where genpipe's DigestCache keeps the digests of {@code folder} (to delete them after). */
  private static Path digestCacheFile(Path folder) throws Exception {
    String real = folder.toRealPath().toString();
    String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(real.getBytes(StandardCharsets.UTF_8)));
    return Path.of(System.getProperty("java.io.tmpdir"), "genpipe-digests", name + ".json");
  }

  static String machine() {
    Map<String, String> cpu = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          cpu.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return String.format(Locale.ROOT, "machine: %s, %d cores, max heap %d MB; %s %s; Java %s; "
            + "ONNX Runtime %s; %s", cpu.getOrDefault("model name", "unknown CPU"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("java.version"), OrtRuntime.version(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / MB);
  }

  private static String rate(long bytes, double ms) {
    return Double.isNaN(ms) || ms <= 0 ? "-"
        : String.format(Locale.ROOT, "%.0f", bytes / MB / (ms / 1e3));
  }

  private static String f0(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f1(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f2(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
