package io.genpipe.dataset.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PromptFormatTest {
  @Test
  void formatFollowsTheExtension() {
    assertEquals(PromptFormat.PARQUET, PromptFormat.fromPath("s3a://bucket/prompts/"));
    assertEquals(PromptFormat.PARQUET, PromptFormat.fromPath("/data/prompts.parquet"));
    assertEquals(PromptFormat.JSON_LINES, PromptFormat.fromPath("hdfs:///p/prompts.jsonl"));
    assertEquals(PromptFormat.JSON_LINES, PromptFormat.fromPath("prompts.JSON"));
    assertEquals(PromptFormat.JSON_LINES, PromptFormat.fromPath("file:/p/prompts.ndjson.gz"));
    assertEquals(PromptFormat.JSON_LINES, PromptFormat.fromPath("out/prompts.jsonl/"));
    assertEquals(PromptFormat.CSV, PromptFormat.fromPath("prompts.csv"));
    assertEquals(PromptFormat.CSV, PromptFormat.fromPath("data/*.csv.bz2"));
  }
}
