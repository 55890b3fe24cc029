"""The readable side of a result: markdown tables, and the block of docs/bench.md they fill."""

import re

BEGIN, END = "<!-- bench results: begin -->", "<!-- bench results: end -->"
RELIABILITY_BEGIN = "<!-- reliability results: begin -->"
RELIABILITY_END = "<!-- reliability results: end -->"
NOT_MEASURED = "not measured"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def number(value, digits=0):
    if value is None:
        return NOT_MEASURED
    return f"{value:,.{digits}f}"


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return NOT_MEASURED
    return f"{numerator / denominator:,.0f}×"


def scale_table(runs):
    rows = []
    for run in runs:
        converge, steady, reaction = run["convergence"], run["steady"], run.get("reaction")
        rows.append([
            f"{run['resources']:,}", run["layout"], f"{run['files']:,}",
            number(converge["seconds"], 1) + ("" if run.get("aws_request_limits", True)
                                               else " (limits off)"),
            f"{converge['aws_calls']:,}",
            number(steady["aws_calls_per_cycle"]), number(steady["cycle_seconds"], 3),
            number(steady["cpu_seconds_per_cycle"], 2),
            number(run["memory_steady"]["rss_mib"], 1),
            number(run["memory_end"]["peak_rss_mib"], 1),
            f"{reaction['median_ms']} / {reaction['p99_ms']}" if reaction else NOT_MEASURED,
        ])
    return table(["N", "layout", "files", "converge s", "converge calls", "steady calls/cycle",
                  "cycle s", "CPU s/cycle", "RSS MiB", "peak RSS MiB",
                  "reaction ms p50 / p99"], rows)


def calls_table(runs):
    rows = [[f"{run['resources']:,}", run["layout"],
             ", ".join(f"{op.split(':')[1]} {n}" for op, n in
                       run["steady"]["calls_by_operation"].items())]
            for run in runs]
    return table(["N", "layout", "AWS calls in one steady cycle, by operation"], rows)


def baseline_table(runs):
    rows = []
    for run in runs:
        if "baseline_boto3" not in run:
            continue
        steady, boto, cli = run["steady"], run["baseline_boto3"], run["baseline_cli"]
        rows.append([
            f"{run['resources']:,}",
            f"{steady['aws_calls_per_cycle']:,.0f} calls, {steady['cycle_seconds']:.3f} s",
            f"{boto['aws_calls']:,} calls, {boto['seconds']:.1f} s",
            f"{cli['aws_calls']:,} calls, {cli['seconds']:,.0f} s (extrapolated from "
            f"{cli['sampled']} timed calls)",
            ratio(boto["aws_calls"], steady["aws_calls_per_cycle"]),
            ratio(boto["seconds"], steady["cycle_seconds"]),
            ratio(cli["seconds"], steady["cycle_seconds"]),
        ])
    return table(["N", "daemon, one full cycle", "per resource, boto3 (all measured)",
                  "per resource, aws CLI", "calls ratio", "time ratio boto3",
                  "time ratio CLI (extrapolated)"], rows)


def drift_table(runs):
    rows = []
    for run in runs:
        drift = run.get("drift")
        if not drift:
            continue
        if not drift.get("measured"):
            rows.append([f"{run['resources']:,}", NOT_MEASURED, drift.get("why", ""), "", ""])
            continue
        restart = run.get("restart", {})
        rows.append([f"{run['resources']:,}", f"{drift['poll_interval_seconds']:g} s",
                     f"{drift['events']}",
                     f"{drift['median_fraction_of_p']} P ({drift['median_seconds']} s) / "
                     f"{drift['max_fraction_of_p']} P ({drift['max_seconds']} s)",
                     f"{restart.get('aws_calls', NOT_MEASURED)} calls, "
                     f"{restart.get('first_cycle_seconds', NOT_MEASURED)} s"])
    return table(["N", "poll interval P", "changes", "to correction, median / max",
                  "restart: first cycle"], rows)


def api_table(runs):
    rows = []
    for run in runs:
        for path, load in run.get("api", {}).items():
            rows.append([f"{run['resources']:,}", f"GET {path}",
                         number(load["requests_per_second"], 1), number(load["p50_ms"], 2),
                         number(load["p99_ms"], 2), load["cycles_during_load"],
                         load["non_2xx"]])
    return table(["N", "route", "requests/s", "p50 ms", "p99 ms", "full cycles during load",
                  "non-2xx"], rows)


def fake_table(runs):
    rows = [[f"{run['resources']:,}", run["layout"],
             number(run["convergence"]["daemon_cpu_seconds"], 2),
             number(run["convergence"]["fake_cpu_seconds"], 2),
             number(run["steady"]["cpu_seconds_per_cycle"], 3),
             number(run["steady"]["fake_cpu_seconds_per_cycle"], 3)] for run in runs]
    return table(["N", "layout", "converge: daemon CPU s", "converge: fake CPU s",
                  "cycle: daemon CPU s", "cycle: fake CPU s"], rows)


MICRO_ROWS = [
    ("BM_AwsSigv4SignQueryRequest", "SigV4: sign one query request", 3),
    ("BM_AwsXmlToJsonDescribeSecurityGroups1000", "XML → JSON: a 1,000-group DescribeSecurityGroups page", 2),
    ("BM_EngineParseDocument10000", "parse a 10,000-resource desired file", 1),
    ("BM_EngineDiffProperties10000", "diff 10,000 desired/observed pairs", 1),
    ("BM_EngineReconcilerCompare10000", "reconciler Compare over 10,000 pairs", 1),
    ("BM_EnginePlanDesired10000", "plan 10,000 resources (resolve, diff, decide)", 1),
]


def micro_table(micro):
    if not micro or "why" in micro:
        return f"Micro-benchmarks: {NOT_MEASURED} ({(micro or {}).get('why', 'not run')}).\n"
    rows = [[what, number(micro[name]["real_ms"], digits), number(micro[name]["cpu_ms"], digits)]
            for name, what, digits in MICRO_ROWS if name in micro]
    return table(["micro-benchmark (Google Benchmark)", "wall ms", "CPU ms"], rows)


def machine_line(results):
    machine = results["machine"]
    return (f"Measured {machine['date']} at commit `{machine['commit']}`, mode {results['mode']}, "
            f"on {machine['nproc']} CPUs ({machine['cpu_model']}), {machine['memory_gib']} GiB, "
            f"Linux {machine['kernel']}; whole run {results['run_seconds']} s.")


def summary(results):
    """The README's block: the machine, the scale table and the per-resource comparison."""
    return "\n".join([
        machine_line(results) + " Full tables and method: [docs/bench.md](docs/bench.md).\n",
        scale_table(results["runs"]),
        baseline_table(results["runs"]),
    ])


def markdown(results):
    mix = ", ".join(f"{n} {t}" for t, n in results["mix_per_unit"].items())
    return "\n".join([
        machine_line(results),
        f"Mix ({results.get('mix', 'stress')}) per unit: {mix}.\n",
        "**Scale.** Converge: empty account to all Ready, from process start, paced by AWS's "
        "published request rates (the fake enforces them) unless marked \"limits off\" (the "
        "quick mode, and a full run above N = 1,000). Steady: one full cycle on a converged "
        "set. Reaction: file renamed in → first AWS write.\n",
        scale_table(results["runs"]),
        "**Steady-state calls by operation.**\n",
        calls_table(results["runs"]),
        "**Against per-resource checking** (one describe/get per resource).\n",
        baseline_table(results["runs"]),
        "**Drift**: an ingress rule revoked out of band at a random moment → re-authorized.\n",
        drift_table(results["runs"]),
        "**Control API** under `wrk -t2 -c8` over loopback TCP while full cycles run back to "
        "back.\n",
        api_table(results["runs"]) if any("api" in r for r in results["runs"])
        else "API load: " + NOT_MEASURED + "\n",
        "**Where the CPU goes**: the daemon against the Python fake.\n",
        fake_table(results["runs"]),
        "**Hot pure parts**, in-process, time per iteration (Google Benchmark).\n",
        micro_table(results.get("micro")),
    ])


def reliability_markdown(results):
    """The reliability scenarios (bench/awsrbench/reliability.py) as one table and its notes."""
    crashes, faults, soak = results["crashes"], results["faults"], results["soak"]
    yes = {True: "yes", False: "**no**"}
    rows = [
        ["crashes", number(crashes["resources"]),
         f"{crashes['kills']} × kill -9 at random points ({crashes['kills_during_convergence']} "
         "while converging), then one restart left alone",
         yes[crashes["converged"]], number(crashes["seconds_after_last_restart"], 1),
         number(crashes["duplicates"]), number(crashes["missing"])],
        ["faults", number(faults["resources"]),
         ", ".join(f"{kind} ×{n}" for kind, n in faults["fired"].items()) + ", listing lag "
         + json_lag(faults["faults"]["consistency_lag"]),
         yes[faults["converged"]], number(faults["seconds"], 1), number(faults["duplicates"]),
         number(faults["missing"])],
    ]
    machine = results["machine"]
    return "\n".join([
        f"Measured {machine['date']} at commit `{machine['commit']}` on {machine['nproc']} CPUs; "
        f"whole run {results['run_seconds']} s. Duplicates and missing are counted in the fake "
        "(EC2 by the logical-id tag, IAM by name), never from the daemon's own account.\n",
        table(["scenario", "N", "what happened", "converged without help", "seconds",
               "duplicates", "missing"], rows),
        f"**Soak**: {number(soak['cycles'])} cycles back to back (one random resource each, "
        f"every tenth a full cycle) on {soak['resources']} "
        f"converged resources in {number(soak['seconds'], 1)} s: RSS "
        f"{number(soak['rss_kib_start'] / 1024, 1)} → {number(soak['rss_kib_end'] / 1024, 1)} MiB "
        f"({soak['rss_growth_kib']:+,} KiB), peak {number(soak['peak_rss_kib'] / 1024, 1)} MiB; "
        f"open descriptors {soak['fds_start']} → {soak['fds_end']}.\n",
    ])


def json_lag(lag):
    return ", ".join(f"{service} {seconds} s" for service, seconds in lag.items())


def update_docs(path, block, begin=BEGIN, end=END):
    text = path.read_text()
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"{path} has no {begin} ... {end} block")
    path.write_text(pattern.sub(lambda _: f"{begin}\n{block}\n{end}", text))
