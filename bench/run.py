#!/usr/bin/python3
"""Runs the real daemon against tests/fakeaws at several scales and writes what users pay:
AWS calls, memory, CPU, reaction and drift-correction times, control-API throughput, and the
per-resource baseline beside them. See docs/bench.md.

  /usr/bin/python3 bench/run.py [--quick] [--out DIR] [--update-docs] [--sizes N,N]
  /usr/bin/python3 bench/run.py --reliability [--sizes N] [--kills K] [--soak-cycles C]
"""

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from awsrbench import api_load, baseline, machine, micro, reliability, report, scenarios  # noqa: E402
from awsrbench import mix as mixes  # noqa: E402
from awsrbench.procs import BINARY, REPO, Daemon, Fake, install_cleanup  # noqa: E402


@dataclass(frozen=True)
class Plan:
    sizes: tuple
    layouts: tuple = ("many-files", "one-file")
    steady_cycles: int = 3
    drops: int = 50
    drift_events: int = 5
    drift_poll_seconds: float = 4.0
    api_seconds: int = 10
    cli_sample: int = 20
    time_limit: int = 15 * 60
    micro_min_seconds: float = 1.0
    # The fake enforces AWS's published request buckets and the daemon paces itself by them, so
    # convergence times are AWS's. The quick mode (CI) turns both off: CI has no time to wait
    # the minutes a thousand creates take at AWS's rates.
    request_limits: bool = True
    # Above this N both are off too: at AWS's rates 10,000 creates take over 15 minutes
    # (security groups alone: 5,000 at 5 a second), which says nothing about the daemon.
    paced_up_to: int = 1000


FULL = Plan(sizes=(100, 1000, 10000))
QUICK = Plan(sizes=(100, 1000), drops=20, drift_events=3, drift_poll_seconds=2.0,
             api_seconds=3, cli_sample=5, time_limit=3 * 60, micro_min_seconds=0.1,
             request_limits=False)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timeout_for(total):
    """A bound on any one wait at this scale, generous so a slow machine reports, not fails."""
    return 60 + total * 0.05


def measure(fake, plan, kinds, total, layout, workdir, primary):
    """Every measurement of one (size, layout)."""
    paced = plan.request_limits and total <= plan.paced_up_to
    result = {"resources": total, "layout": layout, "aws_request_limits": paced}
    fake.control("POST", "/_fake/config", {"request_limits": paced})
    daemon = Daemon(workdir, fake, poll_seconds=300, pace_requests=paced)
    result["files"] = mixes.write_directory(daemon.desired, kinds, total, layout)
    limit = timeout_for(total)
    try:
        log(f"N={total} {layout}: converging")
        result["convergence"] = scenarios.converge(fake, daemon, total, limit)
        result["memory_after_convergence"] = scenarios.memory(daemon)
        log(f"N={total} {layout}: steady state")
        result["steady"] = scenarios.steady_state(fake, daemon, plan.steady_cycles, limit)
        result["memory_steady"] = scenarios.memory(daemon)
        if primary:
            resources = daemon.get("/v1/resources")["resources"]
            log(f"N={total} {layout}: per-resource baselines")
            readable = baseline.readable(resources)
            result["baseline_boto3"] = baseline.with_boto3(fake, readable)
            result["baseline_cli"] = baseline.with_cli(fake, readable, plan.cli_sample)
        log(f"N={total} {layout}: reaction to {plan.drops} drops")
        result["reaction"] = scenarios.reaction(fake, daemon, kinds, plan.drops, limit)
        if primary and total == max(plan.sizes):
            result["api"] = {}
            for path in ("/v1/status", "/v1/resources", "/v1/resources?limit=500"):
                log(f"N={total} {layout}: wrk {path}")
                result["api"][path] = api_load.under_cycles(daemon, path, plan.api_seconds, limit)
        result["memory_end"] = scenarios.memory(daemon)
    finally:
        daemon.stop()
    if primary:
        result["drift"] = drift_session(fake, plan, workdir, total, result, limit)
    return result


def drift_session(fake, plan, workdir, total, result, limit):
    """Restarts the daemon on the same account and state with a short poll interval: the
    restart's first cycle, then out-of-band changes and their correction."""
    cycle = result["steady"]["cycle_seconds"]
    poll = max(plan.drift_poll_seconds, round(2 * cycle + 0.5))
    daemon = Daemon(workdir, fake, poll_seconds=poll, pace_requests=result["aws_request_limits"])
    try:
        fake.reset_calls()
        daemon.start()
        first = daemon.wait_cycle(0, limit)
        result["restart"] = {"first_cycle_seconds": first[3],
                             "aws_calls": sum(scenarios.call_counts(fake).values())}
        log(f"N={total}: drift, poll interval {poll}s")
        return scenarios.drift(fake, daemon, plan.drift_events, poll, limit)
    finally:
        daemon.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N <= 1,000, for CI (< 3 minutes)")
    parser.add_argument("--out", default=str(REPO / "bench" / "results"),
                        help="where latest.json and latest.md go")
    parser.add_argument("--update-docs", action="store_true",
                        help="also replace the results block of docs/bench.md")
    parser.add_argument("--sizes", help="comma-separated N, overriding the mode's")
    parser.add_argument("--mix", default="stress", choices=sorted(mixes.MIXES),
                        help="the resource mix (bench/awsrbench/mix.py): stress (default) or realistic")
    parser.add_argument("--keep", action="store_true",
                        help="keep the work directories (daemon logs, desired files)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: render the tables again from OUT/latest.json")
    parser.add_argument("--reliability", action="store_true",
                        help="run the reliability scenarios instead (crashes, faults, soak)")
    parser.add_argument("--kills", type=int, default=20, help="kill -9 count (reliability)")
    parser.add_argument("--soak-cycles", type=int, default=10000,
                        help="cycles of the soak (reliability)")
    parser.add_argument("--soak-resources", type=int, default=100,
                        help="resources of the soak (reliability)")
    args = parser.parse_args()
    if args.reliability:
        run_reliability(args)
        return
    if args.report_only:
        out = Path(args.out)
        publish(json.loads((out / "latest.json").read_text()), out, args.update_docs)
        return
    plan = QUICK if args.quick else FULL
    if args.sizes:
        plan = Plan(**{**plan.__dict__, "sizes": tuple(int(n) for n in args.sizes.split(","))})

    install_cleanup()

    def out_of_time(*_):
        raise TimeoutError(f"the run took longer than {plan.time_limit}s")
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(plan.time_limit)
    started = time.monotonic()
    workroot = Path(tempfile.mkdtemp(prefix="awsr-bench-"))
    fake = Fake()
    fake.control("POST", "/_fake/config", {"request_limits": plan.request_limits})
    try:
        kinds = scenarios.supported_types(fake, workroot / "probe", mixes.MIXES[args.mix])
        log(f"mix {args.mix}: {mixes.mix_description(kinds)}")
        runs = []
        for total in plan.sizes:
            for layout in plan.layouts:
                workdir = workroot / f"{total}-{layout}"
                runs.append(measure(fake, plan, kinds, total, layout, workdir,
                                    primary=layout == plan.layouts[0]))
        log("micro-benchmarks")
        micro_results = micro.run(BINARY, plan.micro_min_seconds, timeout=120)
        results = {
            "mode": "quick" if args.quick else "full",
            "machine": machine.describe(REPO),
            "binary": BINARY,
            "mix": args.mix,
            "mix_per_unit": mixes.mix_description(kinds),
            "aws_request_limits": plan.request_limits,
            "runs": runs,
            "micro": micro_results,
            "run_seconds": round(time.monotonic() - started, 1),
        }
    except BaseException:
        log(f"failed; daemon logs kept in {workroot}")
        raise
    finally:
        signal.alarm(0)
        fake.stop()
    if args.keep:
        log(f"work directories kept in {workroot}")
    else:
        shutil.rmtree(workroot, ignore_errors=True)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    publish(results, out, args.update_docs)
    log(f"done in {results['run_seconds']}s; wrote {out / 'latest.json'}")


def run_reliability(args):
    """bench/run.py --reliability: OUT/reliability.json and .md, and with --update-docs the
    reliability block of docs/bench.md."""
    total = int(args.sizes.split(",")[0]) if args.sizes else 1000
    install_cleanup()
    started = time.monotonic()
    workroot = Path(tempfile.mkdtemp(prefix="awsr-reliability-"))
    fake = Fake()
    fake.control("POST", "/_fake/config", {"request_limits": FULL.request_limits})
    try:
        kinds = scenarios.supported_types(fake, workroot / "probe", mixes.MIX)
        log(f"reliability at N={total}: {args.kills} kills, faults, {args.soak_cycles} cycles")
        results = reliability.run(fake, kinds, total, args.kills, args.soak_cycles,
                                  args.soak_resources, workroot, timeout_for(total) * 5)
        results["machine"] = machine.describe(REPO)
        results["run_seconds"] = round(time.monotonic() - started, 1)
    except BaseException:
        log(f"failed; daemon logs kept in {workroot}")
        raise
    finally:
        fake.stop()
    if not args.keep:
        shutil.rmtree(workroot, ignore_errors=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "reliability.json").write_text(json.dumps(results, indent=2) + "\n")
    block = report.reliability_markdown(results)
    (out / "reliability.md").write_text(block)
    if args.update_docs:
        report.update_docs(REPO / "docs" / "bench.md", block, report.RELIABILITY_BEGIN,
                           report.RELIABILITY_END)
    print(block)
    log(f"done in {results['run_seconds']}s; wrote {out / 'reliability.json'}")


def publish(results, out, update_docs):
    """latest.md beside the JSON, and with --update-docs the blocks of docs/bench.md and README."""
    table = report.markdown(results)
    (out / "latest.md").write_text(table)
    if update_docs:
        report.update_docs(REPO / "docs" / "bench.md", table)
        report.update_docs(REPO / "README.md", report.summary(results))
    print(table)


if __name__ == "__main__":
    main()
