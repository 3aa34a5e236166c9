package io.genpipe.udf.spark;

import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.SessionConf;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device of the running task: the GPU Spark assigned to it, else the CPU (said once per
 * executor JVM). Whether CUDA really loads on that GPU is {@code OpenSession}'s business.
 */
final class TaskDevice {
  private static final Logger LOG = Logger.getLogger(TaskDevice.class.getName());
  private static final AtomicBoolean NO_GPU_LOGGED = new AtomicBoolean();

  private TaskDevice() {}

  static SessionConf forCurrentTask(SessionConf base) {
    TaskContext ctx = TaskContext.get();
    if (ctx == null) {
      return base;
    }
    scala.Option<ResourceInformation> gpu = ctx.resources().get("gpu");
    if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
      if (NO_GPU_LOGGED.compareAndSet(false, true)) {
        LOG.info("no GPU assigned to this task; running on CPU");
      }
      return base;
    }
    int id = Integer.parseInt(gpu.get().addresses()[0].trim());
    return new SessionConf(ExecutionDevice.cuda(id), base.intraOpThreads(), base.allowCudaFallback());
  }
}
