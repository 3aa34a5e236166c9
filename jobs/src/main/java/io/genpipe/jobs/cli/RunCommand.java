package io.genpipe.jobs.cli;

import io.genpipe.jobs.JobOptions;
import io.genpipe.jobs.RunResult;
import io.genpipe.jobs.GenerationJob;
import io.genpipe.jobs.JobConf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Tuple2;

/** {@code genpipe run}: generate for a prompt dataset and write the manifest. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Generate text and images for every prompt row and write OUT/manifest/, OUT/media/ and OUT/runs/<run_id>.json.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--prompts", description = "Prompt dataset: Parquet file or folder, .jsonl, .csv (any Hadoop path).")
  String prompts;

  @Option(names = "--out", description = "Output prefix (any Hadoop path); must not hold a run yet.")
  String out;

  @Option(names = "--text-model", description = "Default text model folder (Optimum ONNX decoder export + tokenizer.json).")
  String textModel;

  @Option(names = "--image-model", description = "Default image model folder (Stable Diffusion ONNX export: text_encoder/, unet/, vae_decoder/, tokenizer/, scheduler/).")
  String imageModel;

  @Option(names = "--image-params", description = "Job-level image params as a JSON object, e.g. '{\"num_inference_steps\":20}'.")
  String imageParams;

  @Option(names = "--latents-root", description = "Folder that image rows' `latents` paths are read from (none allowed without it).")
  String latentsRoot;

  @Option(names = "--model", paramLabel = "NAME=DIR", description = "A further model (text, or image: a diffusers folder) that rows can pick by NAME in their `model` column.")
  List<String> models = new ArrayList<>();

  @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--partitions", description = "Repartition the prompts into N partitions (default: keep the input's).")
  Integer partitions;

  @Option(names = "--batch-size", description = "Rows generated together per batch (default 8).")
  Integer batchSize;

  @Option(names = "--seed", description = "Job seed for rows without their own seed (default 0).")
  Long seed;

  @Option(names = "--params", description = "Job-level generation params as a JSON object, e.g. '{\"max_new_tokens\":32}'.")
  String params;

  @Option(names = "--usage", description = "commercial, non-commercial or research (default research).")
  String usage;

  @Option(names = "--allow-unknown-license", description = "Accept models whose licence is unknown.")
  Boolean allowUnknownLicense;

  @Option(names = "--resume", description = "Continue the run in --out: rows with an ok output are skipped, errors retried.")
  Boolean resume;

  @Option(names = "--run-id", description = "Run id (default: UTC time + random suffix).")
  String runId;

  @Option(names = "--job-name", description = "Job name recorded in the manifest.")
  String jobName;

  @Option(names = "--config", description = "YAML/JSON file of options (same keys as --set; `conf:` holds Spark settings).")
  Path config;

  @Option(names = "--set", paramLabel = "OPTION=VALUE", description = "Set a job option (kebab-case key).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--conf", paramLabel = "SPARK_KEY=VALUE", description = "Spark setting, as in spark-submit (spark.hadoop.* included).")
  List<String> confs = new ArrayList<>();

  @Override
  public Integer call() {
    JobConf conf = options().toJobConf();
    SparkSession spark = SparkSessions.create("genpipe " + conf.jobName(), conf.master(), conf.sparkConf());
    try {
      io.genpipe.jobs.OutputLayout.s3CommitterWarning(conf.out(), k -> spark.conf().get(k, null),
          spark.sparkContext().hadoopConfiguration()).ifPresent(System.err::println);
      RunResult r = new GenerationJob(spark, System.out).run(conf);
      Summary.print(System.out, r);
      return r.errors() > 0 ? 3 : 0;
    } finally {
      spark.stop();
    }
  }

  JobOptions options() {
    Map<String, String> sparkConf = new LinkedHashMap<>();
    for (Tuple2<String, String> t : new SparkConf(true).getAll()) {
      sparkConf.put(t._1(), t._2());
    }
    sparkConf.putAll(JobOptions.pairs(confs, "--conf"));
    JobOptions o = new JobOptions().sparkConf(sparkConf);
    if (config != null) {
      o.configFile(config);
    }
    o.layer(JobOptions.pairs(sets, "--set"), "--set");
    return o.layer(flags(), "command-line flags");
  }

  private Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(JobOptions.PROMPTS, prompts);
    f.put(JobOptions.OUT, out);
    f.put(JobOptions.TEXT_MODEL, textModel);
    f.put(JobOptions.IMAGE_MODEL, imageModel);
    f.put(JobOptions.IMAGE_PARAMS, imageParams);
    f.put(JobOptions.LATENTS_ROOT, latentsRoot);
    f.put(JobOptions.MASTER, master);
    f.put(JobOptions.PARTITIONS, str(partitions));
    f.put(JobOptions.BATCH_SIZE, str(batchSize));
    f.put(JobOptions.SEED, str(seed));
    f.put(JobOptions.PARAMS, params);
    f.put(JobOptions.USAGE, usage);
    f.put(JobOptions.ALLOW_UNKNOWN_LICENSE, str(allowUnknownLicense));
    f.put(JobOptions.RUN_ID, runId);
    f.put(JobOptions.RESUME, str(resume));
    f.put(JobOptions.JOB_NAME, jobName);
    JobOptions.pairs(models, "--model").forEach((k, v) -> f.put(JobOptions.MODELS_PREFIX + k, v));
    return f;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
