package io.genpipe.jobs.bench.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.dataset.spark.MediaStore;
import io.genpipe.jobs.GenerationJob;
import io.genpipe.jobs.JobConf;
import io.genpipe.jobs.JobOptions;
import io.genpipe.jobs.RunResult;
import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.OrtRuntime;
import io.genpipe.onnx.SessionConf;
import io.genpipe.onnx.image.ImageModel;
import io.genpipe.runtime.image.ImageMarking;
import io.genpipe.runtime.image.ImageParams;
import io.genpipe.runtime.image.ImageRequest;
import io.genpipe.runtime.image.ImageResult;
import io.genpipe.runtime.image.PngEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genpipe bench image}: Stable Diffusion generation cost, side by side in one run. (a) The
 * UNet step through genpipe ({@link ImageModel#generate}) against a bare ONNX Runtime call of the
 * same {@code unet/model.onnx} on inputs of the same shapes, at one or more image sizes. (b) Images
 * per second of the Spark job ({@link GenerationJob}, local[N]) at several batch sizes, next to
 * the genpipe runtime in-process on N threads. (c) Peak heap and resident memory of each run.
 * Every figure: median of {@code --repeats} runs after one warm-up run.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
    description = "Image generation: UNet step genpipe vs bare ONNX Runtime; Spark job images/s "
        + "and peak memory per batch size.")
public final class ImageBenchCommand implements Callable<Integer> {
  static final String DEMO_SD = "datasets/demo/models/genpipe-tiny-sd";
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--model", paramLabel = "DIR", defaultValue = DEMO_SD,
      description = "Stable Diffusion ONNX folder (default ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--sizes", split = ",", defaultValue = "128,512",
      description = "Image sizes (square) of the UNet step comparison (default ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--images-per-call", split = ",", defaultValue = "1,4",
      description = "Images per generate call in the step comparison; the UNet batch is twice "
          + "that with guidance (default ${DEFAULT-VALUE}).")
  List<Integer> imagesPerCall;

  @Option(names = "--steps", split = ",", defaultValue = "10,200",
      description = "Two step counts; genpipe's time per step is the difference of the two "
          + "generate times over the difference of steps, so encode, decode and setup cancel "
          + "(default ${DEFAULT-VALUE}).")
  List<Integer> steps;

  @Option(names = "--rows", defaultValue = "32",
      description = "Image prompts of the Spark job (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "1,4",
      description = "Job batch sizes (default ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(names = "--job-sizes", split = ",", defaultValue = "128,512",
      description = "Widths (= heights) of the job's images; one set of runs each (default ${DEFAULT-VALUE}).")
  List<Integer> jobSizes;

  @Option(names = "--job-steps", defaultValue = "8",
      description = "num_inference_steps of the job's images (default ${DEFAULT-VALUE}).")
  int jobSteps;

  @Option(names = "--cores", defaultValue = "2",
      description = "Spark local[N], job partitions and threads of the in-process contender (default ${DEFAULT-VALUE}).")
  int cores;

  @Option(names = "--intra-op-threads", defaultValue = "1",
      description = "ONNX Runtime intra-op threads per session, every contender (default ${DEFAULT-VALUE}: one core per Spark task).")
  int intraOpThreads;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Timed runs per measurement after one warm-up; the median is reported (default ${DEFAULT-VALUE}).")
  int repeats;

  private final PrintStream out = System.out;

  /** Runs the command on its own (before it is registered under {@code genpipe bench}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ImageBenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = model.toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("unet/model.onnx"))) {
      throw new IllegalArgumentException("--model " + dir + " has no unet/model.onnx");
    }
    if (steps.size() != 2 || steps.get(0) >= steps.get(1)) {
      throw new IllegalArgumentException("--steps takes two increasing step counts, got " + steps);
    }
    long o0 = System.nanoTime();
    OrtRuntime.env();
    double ortInitMs = (System.nanoTime() - o0) / 1e6;
    out.println(machine());
    out.printf(Locale.ROOT, "model %s; ONNX Runtime %d intra-op thread(s) per session, CPU; every "
        + "figure: median of %d timed runs after 1 warm-up run (first ONNX Runtime init %.0f ms, "
        + "excluded)%n", dir, intraOpThreads, repeats, ortInitMs);
    SessionConf session = new SessionConf(ExecutionDevice.CPU, intraOpThreads, true);
    Path tmp = Files.createTempDirectory("genpipe-bench-image");
    CpuShare cpu = CpuShare.start();
    try (ImageModel image = ImageModel.load(dir.getFileName().toString(), dir, session);
        BareUnet bare = new BareUnet(dir.resolve("unet/model.onnx"), intraOpThreads)) {
      out.println("UNet inputs: " + bare.describe());
      unetSteps(image, bare);
      jobs(image, dir, tmp);
      perImage(image, tmp);
    } finally {
      deleteTree(tmp);
    }
    out.printf(Locale.ROOT, "%nother processes used %.0f%% of the machine's CPU time during the "
        + "bench%s%n", 100 * cpu.othersShare(), cpu.othersShare() > 0.05
            ? " (figures disturbed; rerun on a quiet machine)" : "");
    return 0;
  }

  /** (a) time per UNet step: genpipe vs the bare call, per size and images per call. */
  private void unetSteps(ImageModel image, BareUnet bare) throws Exception {
    int lo = steps.get(0);
    int hi = steps.get(1);
    Table t = new Table("size", "images/call", "UNet batch", "genpipe ms/step",
        "genpipe (total-enc-dec)/steps", "bare ORT ms/step", "bare + per-step tensors ms/step",
        "genpipe/bare", "encode ms", "decode ms");
    for (int size : sizes) {
      for (int n : imagesPerCall) {
        int[] salt = {0};
        List<Double> timingsMethod = new ArrayList<>();
        List<Double> encode = new ArrayList<>();
        List<Double> decode = new ArrayList<>();
        Runs g = Runs.of(repeats, () -> {
          List<ImageRequest> loReq = requests(image, "s" + (salt[0]++), n, size, lo);
          List<ImageRequest> hiReq = requests(image, "s" + (salt[0]++), n, size, hi);
          long t0 = System.nanoTime();
          check(image.generate(loReq));
          long t1 = System.nanoTime();
          List<ImageResult> hiRes = check(image.generate(hiReq));
          long t2 = System.nanoTime();
          var tm = hiRes.get(0).timings();
          timingsMethod.add(((t2 - t1) / 1e6 - tm.encodeMs() - tm.decodeMs()) / hi);
          encode.add((double) tm.encodeMs());
          decode.add((double) tm.decodeMs());
          return ((t2 - t1) - (t1 - t0)) / 1e6 / (hi - lo);
        });
        int lh = size / ImageParams.SIZE_MULTIPLE;
        int guided = 2 * n;
        Runs b = Runs.of(repeats, () -> bare.msPerStep(guided, lh, lh, 2 * hi, false));
        Runs bt = Runs.of(repeats, () -> bare.msPerStep(guided, lh, lh, 2 * hi, true));
        t.row(size + "x" + size, Integer.toString(n), Integer.toString(guided),
            f3(g.median()), f3(Runs.median(timingsMethod.subList(1, timingsMethod.size()))),
            f3(b.median()), f3(bt.median()), String.format(Locale.ROOT, "%.2fx",
                g.median() / b.median()),
            f0(Runs.median(encode.subList(1, encode.size()))),
            f0(Runs.median(decode.subList(1, decode.size()))));
      }
    }
    out.printf(Locale.ROOT, "%n(a) UNet step, guidance 7.5 (so the UNet batch is 2 x images), "
        + "model's scheduler. genpipe ms/step = [generate(%d steps) - generate(%d steps)] / %d, "
        + "wall clock, so text encoding, VAE decoding and setup cancel; the next column is the "
        + "(total - encode - decode)/steps of the %d-step call from ImageResult.timings() (ms "
        + "resolution). bare = the same unet/model.onnx called directly (%d calls per run), "
        + "inputs made once and reused; bare + per-step tensors = inputs rebuilt from heap "
        + "arrays and the output copied out every step, as genpipe's UNet wrapper does. "
        + "encode/decode: ms per %d-step call%n",
        hi, lo, hi - lo, hi, 2 * hi, hi);
    t.print(out);
  }

  private List<ImageRequest> requests(ImageModel image, String salt, int n, int size, int steps) {
    ObjectNode o = JSON.createObjectNode().put("width", size).put("height", size)
        .put("num_inference_steps", steps);
    ImageParams p = image.defaults().resolve(List.of(o)).params();
    List<String> prompts = BareUnet.prompts();
    List<ImageRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ImageRequest("bench-" + salt + "-" + i, prompts.get(i % prompts.size()), p, i));
    }
    return out;
  }

  private static List<ImageResult> check(List<ImageResult> results) {
    for (ImageResult r : results) {
      if (!r.isOk()) {
        throw new IllegalStateException("row " + r.id() + " failed: " + r.errorClass() + ": "
            + r.errorMessage());
      }
    }
    return results;
  }

  /** (b, c) the Spark job per batch size, next to the runtime in-process; peak memory. */
  private void jobs(ImageModel image, Path dir, Path tmp) throws Exception {
    Path prompts = tmp.resolve("prompts.jsonl");
    writePrompts(prompts);
    SparkSession spark = SparkSession.builder().appName("genpipe bench image")
        .master("local[" + cores + "]")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("genpipe.spark.log.level", "WARN"));
    StageLog stageLog = new StageLog();
    spark.sparkContext().addSparkListener(stageLog);
    Table t = new Table("size", "contender", "batch size", "wall s", "generate phase s",
        "images/s", "vs in-process", "heap baseline MB", "peak heap MB (sampled)",
        "sum of pool peaks MB", "peak RSS MB");
    List<String> stageLines = new ArrayList<>();
    int[] run = {0};
    try {
      for (int jobSize : jobSizes) {
        String imageParams = JSON.createObjectNode().put("width", jobSize).put("height", jobSize)
            .put("num_inference_steps", jobSteps).toString();
        for (int batch : batchSizes) {
          List<Double> walls = new ArrayList<>();
          List<List<StageLog.Stage>> stagesPerRun = new ArrayList<>();
          List<Double> gen = new ArrayList<>();
          List<HeapWatch.Peak> sparkPeaks = new ArrayList<>();
          Runs wall = Runs.of(repeats, () -> {
            int n = ++run[0];
            Path outDir = tmp.resolve("out-" + n);
            Map<String, String> o = new LinkedHashMap<>();
            o.put(JobOptions.PROMPTS, prompts.toString());
            o.put(JobOptions.OUT, outDir.toString());
            o.put(JobOptions.IMAGE_MODEL, dir.toString());
            o.put(JobOptions.IMAGE_PARAMS, imageParams);
            o.put(JobOptions.PARTITIONS, Integer.toString(cores));
            o.put(JobOptions.BATCH_SIZE, Integer.toString(batch));
            o.put(JobOptions.SEED, "0");
            o.put(JobOptions.JOB_NAME, "genpipe-bench-image");
            o.put(JobOptions.RUN_ID, "bench-image-" + n);
            o.put(JobOptions.INTRA_OP_THREADS, Integer.toString(intraOpThreads));
            o.put(JobOptions.PROGRESS_INTERVAL, "3600");
            o.put(JobOptions.MODEL_CACHE_DIR, tmp.resolve("model-cache").toString());
            JobConf conf = new JobOptions().layer(o, "genpipe bench image").toJobConf();
            RunResult r;
            long t0;
            long t1;
            String group = "genpipe-bench-image-" + n;
            spark.sparkContext().setJobGroup(group, group, false);
            HeapWatch w = HeapWatch.start();
            try {
              t0 = System.nanoTime();
              r = new GenerationJob(spark, QUIET).run(conf);
              t1 = System.nanoTime();
            } finally {
              w.close();
              spark.sparkContext().clearJobGroup();
            }
            if (n % (repeats + 1) != 1) {
              sparkPeaks.add(w.peak());
              walls.add((t1 - t0) / 1e9);
              stagesPerRun.add(stageLog.stagesOf(group));
            }
            if (r.ok() != rows) {
              throw new IllegalStateException("job " + n + ": " + r.ok() + " ok of " + rows
                  + " rows, " + r.errors() + " errors; see " + r.manifest());
            }
            if (n % (repeats + 1) != 1) {
              gen.add(generateMs(r) / 1e3);
            }
            deleteTree(outDir);
            return (t1 - t0) / 1e9;
          });
          List<HeapWatch.Peak> inPeaks = new ArrayList<>();
          int[] inRun = {0};
          Runs in = Runs.of(repeats, () -> {
            HeapWatch w = HeapWatch.start();
            double s;
            try {
              long t0 = System.nanoTime();
              inProcess(image, batch, inRun[0]++, jobSize);
              s = (System.nanoTime() - t0) / 1e9;
            } finally {
              w.close();
            }
            if (inRun[0] > 1) {
              inPeaks.add(w.peak());
            }
            return s;
          });
          double inRate = rows / in.median();
          double genS = Runs.median(gen);
          String sz = jobSize + "x" + jobSize;
          t.row(sz, "in-process ImageModel.generate + PNG encode, " + cores + " threads",
              Integer.toString(batch), f2(in.median()), "-", f1(inRate), "1.00x",
              f0(median(inPeaks, HeapWatch.Peak::baselineMb)),
              f0(median(inPeaks, HeapWatch.Peak::sampledPeakMb)),
              f0(median(inPeaks, HeapWatch.Peak::poolPeakSumMb)),
              f0(median(inPeaks, HeapWatch.Peak::rssPeakMb)));
          t.row(sz, "Spark GenerationJob, local[" + cores + "], " + cores + " partitions",
              Integer.toString(batch), f2(wall.median()), f2(genS), f1(rows / genS),
              String.format(Locale.ROOT, "%.2fx", (rows / genS) / inRate),
              f0(median(sparkPeaks, HeapWatch.Peak::baselineMb)),
              f0(median(sparkPeaks, HeapWatch.Peak::sampledPeakMb)),
              f0(median(sparkPeaks, HeapWatch.Peak::poolPeakSumMb)),
              f0(median(sparkPeaks, HeapWatch.Peak::rssPeakMb)));
          int mid = medianIndex(walls);
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
              "  %s, batch %d, median run (%.2f s): ", sz, batch, walls.get(mid)));
          List<StageLog.Stage> st = stagesPerRun.get(mid);
          long first = st.isEmpty() ? 0 : st.get(0).submittedMs();
          for (StageLog.Stage x : st) {
            line.append(String.format(Locale.ROOT, "%n    +%4d ms  %-44s %3d tasks %6d ms",
                x.submittedMs() - first, x.name(), x.tasks(), x.wallMs()));
          }
          stageLines.add(line.toString());
        }
      }
    } finally {
      spark.stop();
    }
    out.printf(Locale.ROOT, "%n(b, c) %d image prompts, image-params {width, height: %s, "
        + "num_inference_steps: %d} (guidance 7.5, model's "
        + "scheduler), %d partitions. Spark: io.genpipe.jobs.GenerationJob through JobOptions, "
        + "each run into a fresh output folder (PNG files, Parquet manifest, run report, "
        + "Croissant card); images/s = rows / the job's generate phase (run report "
        + "timings.generate_ms: the Spark job that repartitions the prompts, generates in "
        + "mapPartitions and writes the manifest); wall = "
        + "the whole run() call (options, model resolution and trial load, prompt read, generate, "
        + "report). in-process: the same prompts and params through the ImageModel this bench "
        + "loaded, %d threads each taking every %d-th prompt in calls of batch-size rows, PNG "
        + "encoded (not written). Memory: heap baseline = used after a full GC just before the "
        + "run; peaks are absolute (baseline included).%n", rows, jobSizes, jobSteps, cores, cores,
        cores);
    t.print(out);
    out.printf(Locale.ROOT, "%nSpark stages of the median job run (offset from the first stage, "
        + "stage wall time):%n");
    stageLines.forEach(out::println);
  }

  /**
   * (b') what one image costs on one thread, outside Spark: generate (batch of 1), PNG encode with
   * the AI-generated marking, and publishing through {@link MediaStore} to the local filesystem
   * (staging key, then rename), as the job's tasks do per row.
   */
  private void perImage(ImageModel image, Path tmp) throws Exception {
    int n = 8;
    Table t = new Table("size", "generate ms/image (batch 1)", "PNG encode ms/image", "PNG KB",
        "MediaStore.publishObject ms/image (local FS)");
    MediaStore store = new MediaStore(new org.apache.hadoop.conf.Configuration());
    int[] pass = {0};
    for (int size : jobSizes) {
      List<ImageResult> results = new ArrayList<>();
      Runs gen = Runs.of(repeats, () -> {
        List<ImageRequest> req = requests(image, "p" + pass[0]++, n, size, jobSteps);
        results.clear();
        long t0 = System.nanoTime();
        for (ImageRequest r : req) {
          results.addAll(check(image.generate(List.of(r))));
        }
        return (System.nanoTime() - t0) / 1e6 / n;
      });
      List<byte[]> pngs = new ArrayList<>();
      Runs png = Runs.of(repeats, () -> {
        pngs.clear();
        long t0 = System.nanoTime();
        for (ImageResult r : results) {
          pngs.add(PngEncoder.encode(r.image().toBufferedImage(), ImageMarking.generated(
              image.modelId(), r.id(), "apache-2.0", null, "bench")));
        }
        return (System.nanoTime() - t0) / 1e6 / n;
      });
      Runs pub = Runs.of(repeats, () -> {
        String prefix = tmp.resolve("publish-" + pass[0]++).toUri().toString();
        long t0 = System.nanoTime();
        for (int i = 0; i < pngs.size(); i++) {
          store.publishObject(prefix, "image", String.format(Locale.ROOT, "%064x", i), "png",
              pngs.get(i), Map.of("model-id", image.modelId()));
        }
        return (System.nanoTime() - t0) / 1e6 / n;
      });
      t.row(size + "x" + size, f2(gen.median()), f2(png.median()),
          f0(pngs.stream().mapToInt(b -> b.length).average().orElse(0) / 1024.0), f2(pub.median()));
    }
    out.printf(Locale.ROOT, "%n(b') one image on one thread, %d steps, guidance 7.5: generate "
        + "(ImageModel.generate, one row per call), PNG encode (PngEncoder with ImageMarking), "
        + "publish (MediaStore.publishObject to a local folder: write a staging file, rename); "
        + "mean of %d images, median of runs%n", jobSteps, n);
    t.print(out);
  }

  /** The job's prompts: {@code rows} image rows as JSON Lines. */
  private void writePrompts(Path file) throws IOException {
    List<String> prompts = BareUnet.prompts();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      ObjectNode o = JSON.createObjectNode().put("id", String.format(Locale.ROOT, "img-%04d", i))
          .put("task", "image").put("prompt", prompts.get(i % prompts.size()) + ", variation " + i);
      lines.add(o.toString());
    }
    Files.write(file, lines);
  }

  /** The same prompts as the job, generated in-process on {@code cores} threads. */
  private void inProcess(ImageModel image, int batch, int pass, int jobSize) throws Exception {
    ObjectNode o = JSON.createObjectNode().put("width", jobSize).put("height", jobSize)
        .put("num_inference_steps", jobSteps);
    ImageParams p = image.defaults().resolve(List.of(o)).params();
    List<String> prompts = BareUnet.prompts();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int w = 0; w < cores; w++) {
        int worker = w;
        done.add(pool.submit(() -> {
          List<ImageRequest> mine = new ArrayList<>();
          for (int i = worker; i < rows; i += cores) {
            mine.add(new ImageRequest(String.format(Locale.ROOT, "img-%04d-%d", i, pass),
                prompts.get(i % prompts.size()) + ", variation " + i, p, 0));
          }
          int images = 0;
          for (int from = 0; from < mine.size(); from += batch) {
            for (ImageResult r : check(image.generate(mine.subList(from,
                Math.min(mine.size(), from + batch))))) {
              byte[] png = PngEncoder.encode(r.image().toBufferedImage(), ImageMarking.generated(
                  image.modelId(), r.id(), "apache-2.0", null, "bench"));
              images += png.length > 0 ? 1 : 0;
            }
          }
          return images;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get();
      }
      if (total != rows) {
        throw new IllegalStateException("in-process: " + total + " images of " + rows);
      }
    } finally {
      pool.shutdown();
    }
  }

  private static int medianIndex(List<Double> values) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparing(values::get));
    return idx.get(idx.size() / 2);
  }

  private static long generateMs(RunResult r) throws IOException {
    JsonNode t = JSON.readTree(Path.of(r.report()).toFile()).path("timings");
    if (!t.has("generate_ms")) {
      throw new IllegalStateException("run report " + r.report() + " has no timings.generate_ms");
    }
    return t.get("generate_ms").asLong();
  }

  private static double median(List<HeapWatch.Peak> peaks,
      java.util.function.ToDoubleFunction<HeapWatch.Peak> f) {
    return Runs.median(peaks.stream().map(p -> f.applyAsDouble(p)).toList());
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse(cpu);
    } catch (IOException e) {
      // not Linux
    }
    return String.format(Locale.ROOT, "machine: %s, %d cores, max heap %d MB; %s %s; Java %s; "
            + "ONNX Runtime %s; %s", cpu, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.version"), OrtRuntime.version(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
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

  private static String f3(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
