package io.genpipe.udf.spark;

import io.genpipe.onnx.ExecutionDevice;
import io.genpipe.onnx.SessionConf;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** The device of the running task: the GPU Spark assigned to it, else the CPU. */
final class TaskDevice {
  private TaskDevice() {}

  static SessionConf forCurrentTask(SessionConf base) {
    TaskContext ctx = TaskContext.get();
    if (ctx == null) {
      return base;
    }
    scala.Option<ResourceInformation> gpu = ctx.resources().get("gpu");
    if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
      return base;
    }
    int id = Integer.parseInt(gpu.get().addresses()[0].trim());
    return new SessionConf(ExecutionDevice.cuda(id), base.intraOpThreads(), base.allowCudaFallback());
  }
}
