#!/usr/bin/env bash
# GPU discovery script for Spark resource scheduling (genpipe).
#
# Spark runs this (spark.executor.resource.gpu.discoveryScript on YARN and Kubernetes,
# spark.worker.resource.gpu.discoveryScript on a standalone worker) and reads one JSON object in
# the format of org.apache.spark.resource.ResourceInformation from stdout:
#
#   {"name": "gpu", "addresses": ["0","1"]}
#
# The addresses are the GPU indices nvidia-smi reports, which are what a genpipe task reads from
# TaskContext.resources()("gpu") and hands to ONNX Runtime's CUDA execution provider as the
# device id (set CUDA_DEVICE_ORDER=PCI_BUS_ID for the executors so that CUDA numbers devices the
# way nvidia-smi does; the cluster-config GPU templates do).
#
# Where nvidia-smi is missing or fails (no driver, no device, a container without the NVIDIA
# runtime) it prints an empty list, {"name": "gpu", "addresses": []}, and exits 0: Spark then
# reports that fewer GPUs were found than requested, which names the real problem, instead of
# failing to parse the script's output.
#
# Only bash builtins are used besides nvidia-smi. Keep this file executable and writable only by
# its owner (Spark runs it as the executor's user).
set -u

addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  if output="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)"; then
    while IFS= read -r line; do
      line="${line//[[:space:]]/}"
      # Keep plain indices only; anything else (warnings, "No devices were found") is not one.
      if [[ "$line" =~ ^[0-9]+$ ]]; then
        addresses+="${addresses:+,}\"${line}\""
      fi
    done <<< "$output"
  fi
fi

printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"
