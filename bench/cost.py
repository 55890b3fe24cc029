#!/usr/bin/python3
"""The daemon's own CPU per steady full cycle and its RSS at N resources, quickly: the fake
(no request limits) and the daemon on the bench's mix, convergence, then full cycles asked
for with POST /v1/reconcile; CPU from /proc/PID/stat of the daemon only (the Python fake's
cost is not the daemon's). `--reaction K` then drops K one-resource files and reports the delay
from each drop to its first AWS write. `--perf` also records a call-graph profile of further steady
cycles with Linux perf and prints its top entries.

    /usr/bin/python3 bench/cost.py --resources 10000 --perf 3
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from awsrbench import mix as mixes  # noqa: E402
from awsrbench import scenarios  # noqa: E402
from awsrbench.procs import Daemon, Fake, install_cleanup  # noqa: E402


def steady_cycles(daemon, cycles, timeout, fake=None):
    """CPU seconds of the daemon and the cycle's own seconds, per full cycle; with `fake`, also
    the AWS calls of each cycle by operation."""
    samples = []
    for _ in range(cycles):
        last = daemon.last_cycle()
        before = daemon.cpu_seconds()
        calls_before = scenarios.call_counts(fake) if fake else {}
        daemon.post("/v1/reconcile")
        cycle = daemon.wait_cycle(last, timeout)
        calls = scenarios.subtract(scenarios.call_counts(fake), calls_before) if fake else {}
        samples.append((daemon.cpu_seconds() - before, cycle[3], calls))
    return samples


def soak(daemon, cycles, every, timeout, time_limit):
    """`cycles` steady full cycles back to back; VmRSS sampled after every `every`-th. Stops early
    (and says so) when `time_limit` seconds pass."""
    started = time.monotonic()
    samples = [{"cycle": 0, "seconds": 0.0, "rss_mib": round(daemon.memory_kib()["VmRSS"] / 1024, 1)}]
    done = 0
    while done < cycles and time.monotonic() - started < time_limit:
        last = daemon.last_cycle()
        daemon.post("/v1/reconcile")
        daemon.wait_cycle(last, timeout)
        done += 1
        if done % every == 0 or done == cycles:
            samples.append({"cycle": done, "seconds": round(time.monotonic() - started, 1),
                            "rss_mib": round(daemon.memory_kib()["VmRSS"] / 1024, 1)})
    rss = [s["rss_mib"] for s in samples]
    later = rss[len(rss) // 2:]
    return {
        "cycles": done,
        "stopped_by_time_limit": done < cycles,
        "seconds": round(time.monotonic() - started, 1),
        "sample_every": every,
        "rss_mib_start": rss[0],
        "rss_mib_end": rss[-1],
        "rss_mib_min": min(rss),
        "rss_mib_max": max(rss),
        # Growth over the second half of the run: a leak keeps growing after the heap warmed up.
        "rss_mib_second_half_growth": round(later[-1] - later[0], 1),
        "peak_rss_mib": round(daemon.memory_kib()["VmHWM"] / 1024, 1),
        "samples": samples,
    }


def profile(daemon, work, output):
    """perf record -g on the daemon while `work()` runs; the report's top."""
    recorder = subprocess.Popen(["perf", "record", "--call-graph", "dwarf,16384", "-F", "199", "-o", str(output),
                                 "-p", str(daemon.process.pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    work()
    recorder.send_signal(2)
    recorder.wait(timeout=60)
    report = subprocess.run(["perf", "report", "--stdio", "--children", "--no-inline", "-g", "none",
                             "--percent-limit", "1", "-i", str(output)],
                            capture_output=True, text=True, check=False).stdout
    return "\n".join(line for line in report.splitlines()
                     if line.strip() and not line.startswith("#"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10000)
    parser.add_argument("--layout", default="many-files", choices=("many-files", "one-file"))
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--perf", type=int, default=0, metavar="CYCLES",
                        help="also profile this many further cycles with perf")
    parser.add_argument("--mix", default="stress", choices=sorted(mixes.MIXES),
                        help="the resource mix (bench/awsrbench/mix.py)")
    parser.add_argument("--soak", type=int, default=0, metavar="CYCLES",
                        help="then this many more full cycles back to back, VmRSS sampled (RSS soak)")
    parser.add_argument("--soak-every", type=int, default=10, metavar="K",
                        help="sample VmRSS after every K-th soak cycle")
    parser.add_argument("--soak-time-limit", type=int, default=3600, metavar="SECONDS",
                        help="stop the soak after this long, reporting the cycles done")
    parser.add_argument("--reaction", type=int, default=0, metavar="DROPS",
                        help="then drop this many one-resource files, timing each first write")
    parser.add_argument("--perf-reaction", action="store_true",
                        help="profile the reaction drops with perf instead of further cycles")
    parser.add_argument("--json", help="also write the result here")
    parser.add_argument("--workdir", help="keep the work directory here")
    args = parser.parse_args()
    install_cleanup()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="awsr-cost-"))
    timeout = 60 + args.resources * 0.05
    fake = Fake()
    fake.control("POST", "/_fake/config", {"request_limits": False})
    daemon = Daemon(workdir, fake, poll_seconds=3600, pace_requests=False)
    kinds = scenarios.supported_types(fake, workdir / "probe", mixes.MIXES[args.mix])
    files = mixes.write_directory(daemon.desired, kinds, args.resources, args.layout)
    converged = scenarios.converge(fake, daemon, args.resources, timeout)
    rss_converged = daemon.memory_kib()["VmRSS"] / 1024
    # The first full cycle after convergence still settles what the creates left; not counted.
    steady_cycles(daemon, 1, timeout)
    samples = steady_cycles(daemon, args.cycles, timeout, fake)
    memory = daemon.memory_kib()
    result = {
        "resources": args.resources,
        "layout": args.layout,
        "mix": args.mix,
        "mix_per_unit": mixes.mix_description(kinds),
        "files": files,
        "converge_aws_calls": converged["aws_calls"],
        "converge_seconds": converged["seconds"],
        "cpu_seconds_per_cycle": round(statistics.median(cpu for cpu, _, _ in samples), 3),
        "cpu_seconds_each_cycle": [round(cpu, 3) for cpu, _, _ in samples],
        "cycle_seconds": round(statistics.median(wall for _, wall, _ in samples), 3),
        "aws_calls_each_cycle": [sum(calls.values()) for _, _, calls in samples],
        "calls_by_operation": samples[-1][2],
        "rss_mib_after_convergence": round(rss_converged, 1),
        "rss_mib": round(memory["VmRSS"] / 1024, 1),
        "peak_rss_mib": round(memory["VmHWM"] / 1024, 1),
    }
    def react():
        result["reaction"] = scenarios.reaction(fake, daemon, kinds, args.reaction, timeout)

    profiled = None
    if args.reaction and args.perf_reaction:
        profiled = profile(daemon, react, workdir / "perf.data")
    elif args.reaction:
        react()
    if args.soak:
        result["soak"] = soak(daemon, args.soak, args.soak_every, timeout, args.soak_time_limit)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    if profiled:
        print(profiled)
    if args.perf:
        print(profile(daemon, lambda: steady_cycles(daemon, args.perf, timeout),
                      workdir / "perf.data"))
    daemon.stop()
    fake.stop()


if __name__ == "__main__":
    main()
