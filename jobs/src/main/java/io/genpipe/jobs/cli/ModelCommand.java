package io.genpipe.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genpipe.model.ModelDescriptor;
import io.genpipe.model.ModelFile;
import io.genpipe.model.ModelResolver;
import io.genpipe.onnx.OnnxSignature;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genpipe model inspect DIR}: what genpipe sees in a model folder, before a job uses it. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model folder tools.",
    subcommands = {ModelCommand.Inspect.class})
public final class ModelCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Print a model's descriptor: files with sizes and sha256, content digest, "
          + "licence facts, family, and the declared inputs/outputs of every ONNX file.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Local model folder.")
    Path dir;

    @Option(names = "--json", description = "Print the descriptor as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ModelDescriptor d = ModelResolver.resolve(dir);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = mapper.valueToTree(d);
      ObjectNode signatures = root.putObject("onnx");
      for (ModelFile f : d.files()) {
        if (f.path().endsWith(".onnx")) {
          signatures.set(f.path(), mapper.valueToTree(OnnxSignature.read(dir.resolve(f.path()))));
        }
      }
      if (json) {
        System.out.println(mapper.writeValueAsString(root));
      } else {
        print(d, root);
      }
      return 0;
    }

    private static void print(ModelDescriptor d, ObjectNode root) {
      var lic = d.license();
      System.out.printf("model      %s (%s)%n", d.modelId(), d.uri());
      System.out.printf("sha256     %s%n", d.sha256());
      System.out.printf("family     %s   pipeline %s%n", d.family(), d.pipelineTag());
      System.out.printf("licence    %s (%s)%s  %s%n", lic.license(),
          lic.category().name().toLowerCase(java.util.Locale.ROOT),
          lic.overridden() ? " overridden" : "", lic.licenseUrl() == null ? "" : lic.licenseUrl());
      if (lic.baseModel() != null) {
        System.out.printf("base model %s %s%n", lic.baseModel(),
            lic.baseModelRelation() == null ? "" : "(" + lic.baseModelRelation() + ")");
      }
      System.out.printf("files      %d, %d bytes%n", d.files().size(), d.totalBytes());
      for (ModelFile f : d.files()) {
        System.out.printf("  %12d  %s  %s%n", f.size(), f.sha256(), f.path());
      }
      root.path("onnx").fields().forEachRemaining(e -> {
        System.out.println("onnx " + e.getKey());
        printPorts("  in  ", (ArrayNode) e.getValue().path("inputs"));
        printPorts("  out ", (ArrayNode) e.getValue().path("outputs"));
      });
    }

    private static void printPorts(String prefix, ArrayNode ports) {
      ports.forEach(p -> System.out.println(prefix + p.path("name").asText() + "  "
          + p.path("type").asText() + " " + p.path("shape")));
    }
  }
}
