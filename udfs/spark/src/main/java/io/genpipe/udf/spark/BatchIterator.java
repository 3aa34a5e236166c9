package io.genpipe.udf.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;

/**
 * Pulls {@code batchSize} rows, maps the batch, hands its rows out, repeats; runs {@code onEnd}
 * once the input is exhausted. With {@code injectFault} (a test hook) it fails after its first
 * batch.
 */
final class BatchIterator implements Iterator<Row> {
  private final Iterator<Row> input;
  private final int batchSize;
  private final Function<List<Row>, List<Row>> mapper;
  private final Runnable onEnd;
  private final boolean injectFault;
  private int batches;
  private Iterator<Row> current = Collections.emptyIterator();

  BatchIterator(Iterator<Row> input, int batchSize, Function<List<Row>, List<Row>> mapper,
      Runnable onEnd, boolean injectFault) {
    this.input = input;
    this.batchSize = batchSize;
    this.mapper = mapper;
    this.onEnd = onEnd;
    this.injectFault = injectFault;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext() && input.hasNext()) {
      List<Row> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize && input.hasNext()) {
        batch.add(input.next());
      }
      if (injectFault && batches == 1) {
        throw new IllegalStateException("genpipe fault injection: the first attempt of partition "
            + TaskContext.getPartitionId() + " fails after its first batch "
            + "(option fault-injection.fail-first-attempt)");
      }
      current = mapper.apply(batch).iterator();
      batches++;
    }
    if (!current.hasNext()) {
      onEnd.run();
    }
    return current.hasNext();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
