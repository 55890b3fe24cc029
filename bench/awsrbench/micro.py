"""The Google Benchmark micro-benchmarks (build/awsr_bench), run from the harness so their
figures land in the same JSON and table as the daemon's."""

import json
import subprocess
from pathlib import Path

# The hot pure parts the report names; the keep-alive throughput benchmark needs a fake of its
# own and is left to `awsr_bench` run by hand (docs/aws-client.md).
FILTER = "BM_AwsSigv4|BM_AwsXmlToJson|BM_Engine"


def bench_binary(daemon_binary):
    return Path(daemon_binary).with_name("awsr_bench")


def run(daemon_binary, min_time_seconds, timeout):
    """{name: {"real_ms", "cpu_ms", "iterations"}}, or {"why": ...} when it cannot run."""
    binary = bench_binary(daemon_binary)
    if not binary.exists():
        return {"why": f"{binary} was not built (Google Benchmark missing?)"}
    completed = subprocess.run(
        [str(binary), f"--benchmark_filter={FILTER}", "--benchmark_format=json",
         f"--benchmark_min_time={min_time_seconds}"],
        capture_output=True, text=True, timeout=timeout, check=False)
    if completed.returncode != 0:
        return {"why": f"awsr_bench exited {completed.returncode}: {completed.stderr[-300:]}"}
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
    results = {}
    for entry in json.loads(completed.stdout)["benchmarks"]:
        factor = scale[entry.get("time_unit", "ns")]
        results[entry["name"]] = {"real_ms": entry["real_time"] * factor,
                                  "cpu_ms": entry["cpu_time"] * factor,
                                  "iterations": entry["iterations"]}
    return results
