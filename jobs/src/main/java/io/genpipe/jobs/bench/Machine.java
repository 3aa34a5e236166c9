package io.genpipe.jobs.bench;

import io.genpipe.onnx.OrtRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Where the benchmark ran, as recorded with its figures. */
record Machine(String cpuModel, int cores, long memoryMib, String os, String java, String ort,
    String date) {

  static Machine current() {
    return new Machine(procField("/proc/cpuinfo", "model name"),
        Runtime.getRuntime().availableProcessors(), readMemoryMib(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        OrtRuntime.version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  String describe() {
    return String.format(Locale.ROOT, "machine: %s, %d cores, %d MiB; %s; %s; ONNX Runtime %s; %s",
        cpuModel, cores, memoryMib, os, java, ort, date);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu_model", cpuModel);
    m.put("cores", cores);
    m.put("memory_mib", memoryMib);
    m.put("os", os);
    m.put("java", java);
    m.put("onnxruntime", ort);
    m.put("date", date);
    return m;
  }

  private static long readMemoryMib() {
    String kb = procField("/proc/meminfo", "MemTotal").replace("kB", "").trim();
    try {
      return Long.parseLong(kb) / 1024;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The value of the first {@code key: value} line of a /proc file, or "unknown". */
  private static String procField(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: reported as unknown
    }
    return "unknown";
  }
}
