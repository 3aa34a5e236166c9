package io.genpipe.jobs.bench.image;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row and rows of cells, columns padded to their widest cell. */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, header "
          + header.size());
    }
    rows.add(List.of(cells));
    return this;
  }

  void print(PrintStream out) {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    line(out, header, width);
    StringBuilder rule = new StringBuilder("|");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('|');
    }
    out.println(rule);
    rows.forEach(r -> line(out, r, width));
  }

  private static void line(PrintStream out, List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < width.length; c++) {
      String cell = cells.get(c);
      sb.append(' ').append(cell).append(" ".repeat(width[c] - cell.length())).append(" |");
    }
    out.println(sb);
  }
}
