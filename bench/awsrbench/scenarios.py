"""One measurement each: convergence, steady state, reaction to a dropped file, drift
correction. Every figure comes from the fake's call records, the daemon's log and /proc."""

import json
import random
import statistics
import time

from . import mix as mixes
from .procs import Daemon, cpu_seconds, wait_until

READ_PREFIXES = ("Describe", "List", "Get")


def is_write(operation):
    return not operation.startswith(READ_PREFIXES)


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def call_counts(fake):
    """{"service:Operation": n} so far; the log is left out (a far `since`)."""
    counts = fake.calls_since(time.time() + 10 ** 6)["counts"]
    return {f"{service}:{op}": n for service, ops in counts.items() for op, n in ops.items()}


def subtract(after, before):
    delta = {key: n - before.get(key, 0) for key, n in after.items()}
    return {key: n for key, n in sorted(delta.items()) if n}


def first_write_after(fake, since, operations=None):
    for entry in fake.calls_since(since)["log"]:
        if entry["time"] < since or not is_write(entry["operation"]):
            continue
        if operations is None or entry["operation"] in operations:
            return entry["time"]
    return None


def supported_types(fake, workdir, binary_mix):
    """The mix rows the daemon registers a reconciler for. `validate` checks against the whole
    schema, so ask the running daemon: it rejects a file whose type it cannot reconcile. One
    probe file per row, in plan mode so nothing is written."""
    daemon = Daemon(workdir, fake, poll_seconds=300)
    daemon.config["mode"] = "plan"
    for number, kind in enumerate(binary_mix):
        resources = dict(kind.make(0, index) for index in range(kind.per_unit))
        mixes.write_atomically(daemon.desired / f"probe-{number}.json",
                               json.dumps({"Resources": resources}))
    daemon.start()
    try:
        files = wait_until(lambda: daemon.get("/v1/files")["files"], 30, what="/v1/files")
        unsupported = set()
        for entry in files:
            problems = json.dumps(entry)
            for kind in binary_mix:
                if f"unsupported resource type {kind.type}" in problems:
                    unsupported.add(kind.type)
        return mixes.usable([kind for kind in binary_mix if kind.type not in unsupported])
    finally:
        daemon.stop()
        fake.reset()


def ready_count(daemon):
    return daemon.get("/v1/status")["resources"]["by_state"].get("Ready", 0)


def converge(fake, daemon, total, timeout):
    """Empty account to every resource Ready: wall time, AWS calls, CPU of both processes."""
    fake.reset()
    fake_cpu = cpu_seconds(fake.process.pid)
    daemon.start()
    started = daemon.started_at
    wait_until(lambda: ready_count(daemon) >= total, timeout, interval=0.1,
               what=f"{total} resources Ready")
    seconds = time.time() - started
    counts = call_counts(fake)
    # Resources turn Ready inside the converging cycle, before its end: wait for that end, or a
    # full cycle asked for next would be answered by this one's log line and every later
    # measurement would be one cycle late.
    daemon.wait_cycle(0, timeout)
    return {
        "seconds": round(seconds, 3),
        "aws_calls": sum(counts.values()),
        "aws_writes": sum(n for key, n in counts.items() if is_write(key.split(":")[1])),
        "calls_by_operation": counts,
        "daemon_cpu_seconds": round(daemon.cpu_seconds(), 3),
        "fake_cpu_seconds": round(cpu_seconds(fake.process.pid) - fake_cpu, 3),
        "cycles": len(daemon.cycles()),
    }


def steady_state(fake, daemon, cycles, timeout):
    """Full cycles on a converged set, each asked for over the API (POST /v1/reconcile) and
    measured between its end and the previous one's: AWS calls, CPU time, the cycle's own
    duration from the log."""
    samples = []
    for _ in range(cycles):
        last = daemon.last_cycle()
        before_calls, before_cpu = call_counts(fake), daemon.cpu_seconds()
        before_fake_cpu = cpu_seconds(fake.process.pid)
        daemon.post("/v1/reconcile")
        cycle = daemon.wait_cycle(last, timeout)
        samples.append({
            "calls": subtract(call_counts(fake), before_calls),
            "cpu_seconds": daemon.cpu_seconds() - before_cpu,
            "fake_cpu_seconds": cpu_seconds(fake.process.pid) - before_fake_cpu,
            "cycle_seconds": cycle[3],
        })
    per_operation = samples[-1]["calls"]
    return {
        "cycles_measured": cycles,
        "aws_calls_per_cycle": statistics.median(sum(s["calls"].values()) for s in samples),
        "aws_calls_each_cycle": [sum(s["calls"].values()) for s in samples],
        "calls_by_operation": per_operation,
        "aws_writes_per_cycle": max(sum(n for k, n in s["calls"].items()
                                        if is_write(k.split(":")[1])) for s in samples),
        "cpu_seconds_per_cycle": round(statistics.median(s["cpu_seconds"] for s in samples), 3),
        "fake_cpu_seconds_per_cycle": round(
            statistics.median(s["fake_cpu_seconds"] for s in samples), 3),
        "cycle_seconds": round(statistics.median(s["cycle_seconds"] for s in samples), 3),
    }


def reaction(fake, daemon, binary_mix, drops, timeout):
    """A file with one new resource renamed into the directory; the delay to the first AWS
    write it causes, read from the fake's log. The next drop waits for that resource to be
    Ready, so drops do not queue behind each other."""
    delays = []
    for drop in range(drops):
        type_name, logical_id, body = mixes.drop_resource(binary_mix, drop)
        path = daemon.desired / f"drop-{drop:03d}.json"
        temporary = path.with_name("." + path.name + ".tmp")
        temporary.write_text(json.dumps({"Resources": {logical_id: body}}))
        dropped = time.time()
        temporary.rename(path)
        written = wait_until(lambda: first_write_after(fake, dropped), timeout, interval=0.005,
                             what=f"the write for drop {drop}")
        delays.append(written - dropped)
        wait_until(lambda: daemon.get(f"/v1/resources/{logical_id}").get("state") == "Ready",
                   timeout, interval=0.02, what=f"{logical_id} Ready")
    return {
        "drops": drops,
        "type": type_name,
        "median_ms": round(statistics.median(delays) * 1000, 1),
        "p99_ms": round(percentile(delays, 0.99) * 1000, 1),
        "max_ms": round(max(delays) * 1000, 1),
    }


def drift(fake, daemon, events, poll_seconds, timeout):
    """An ingress rule revoked behind the daemon's back, at a random moment; the delay until
    the daemon authorizes it again, as a fraction of the poll interval."""
    groups = [r for r in daemon.get("/v1/resources?type=AWS::EC2::SecurityGroup")["resources"]
              if r.get("physical_id")]
    if not groups:
        return {"measured": False, "why": "no security groups in the mix"}
    # The daemon's default region, where unit 0 is in every mix; boto3 asks that region.
    groups = [g for g in groups if g.get("region", "us-east-1") == "us-east-1"]
    ec2 = fake.boto3("ec2")
    chooser = random.Random(7)
    delays = []
    for _ in range(events):
        time.sleep(chooser.uniform(0, poll_seconds))
        group = chooser.choice(groups)
        rule = group_rule(ec2, group["physical_id"])
        ec2.revoke_security_group_ingress(GroupId=group["physical_id"], IpPermissions=[rule])
        changed = time.time()
        fixed = wait_until(lambda: first_write_after(fake, changed,
                                                     {"AuthorizeSecurityGroupIngress"}),
                           timeout, interval=0.02, what="drift correction")
        delays.append(fixed - changed)
    return {
        "measured": True,
        "events": events,
        "poll_interval_seconds": poll_seconds,
        "median_fraction_of_p": round(statistics.median(delays) / poll_seconds, 2),
        "max_fraction_of_p": round(max(delays) / poll_seconds, 2),
        "median_seconds": round(statistics.median(delays), 2),
        "max_seconds": round(max(delays), 2),
    }


def group_rule(ec2, group_id):
    group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    rule = group["IpPermissions"][0]
    return {key: rule[key] for key in ("IpProtocol", "FromPort", "ToPort", "IpRanges")}


def memory(daemon):
    kib = daemon.memory_kib()
    return {"rss_mib": round(kib["VmRSS"] / 1024, 1), "peak_rss_mib": round(kib["VmHWM"] / 1024, 1)}
