package io.genpipe.udf.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genpipe.onnx.SessionConf;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Tasks without a GPU run on the CPU, and the executor says so once. */
class TaskDeviceTest {
  @Test
  void tasksWithoutGpuRunOnCpuAndSayItOnce() {
    List<String> messages = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        messages.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(TaskDevice.class.getName());
    logger.addHandler(capture);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("task-device")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<String> devices = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(List.of(1, 2, 3, 4, 5, 6), 6)
          .map(i -> TaskDevice.forCurrentTask(SessionConf.CPU_DEFAULT).device().wireName())
          .collect();
      assertEquals(List.of("cpu", "cpu", "cpu", "cpu", "cpu", "cpu"), devices);
      assertEquals(List.of("no GPU assigned to this task; running on CPU"), messages);
    } finally {
      spark.stop();
      logger.removeHandler(capture);
    }
  }
}
