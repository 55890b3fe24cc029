"""Reliability: what crashes, AWS faults and long running do to the daemon, measured through the
daemon binary against the fake. Three scenarios, each counting what a user would check in AWS
afterwards — duplicates and missing resources — never what the daemon says of itself:

- crashes: `kill -9` at random points of a convergence (once a random share of what is left is
  Ready), then a restart, many times; then the last run left alone until every resource is
  Ready (no manual reconcile);
- faults: the same convergence while the fake throttles, answers 5xx, resets connections (before
  and after applying the request) and lags in what it lists;
- soak: thousands of short cycles one after another on a converged set (each for one resource
  picked at random, every tenth a full one), RSS and descriptors at the start and the end.
"""

import json
import os
import random
import signal
import time
from collections import Counter

from . import mix as mixes
from .procs import Daemon, wait_until

OWNER_FILTER = [{"Name": "tag:awsreconciled:owner", "Values": ["awsreconciled"]}]
EC2_LISTS = {
    "AWS::EC2::VPC": ("describe_vpcs", "Vpcs"),
    "AWS::EC2::Subnet": ("describe_subnets", "Subnets"),
    "AWS::EC2::SecurityGroup": ("describe_security_groups", "SecurityGroups"),
}
IAM_LISTS = {
    "AWS::IAM::User": ("list_users", "Users", "UserName"),
    "AWS::IAM::Group": ("list_groups", "Groups", "GroupName"),
    "AWS::IAM::Role": ("list_roles", "Roles", "RoleName"),
}
FAULTS = {
    "seed": 12,
    "consistency_lag": {"ec2": 2.0, "*": 0.5},
    "rules": [
        {"kind": "throttle", "rate": 0.20},
        {"kind": "error", "status": 500, "rate": 0.025},
        {"kind": "error", "status": 503, "rate": 0.025},
        {"kind": "reset", "rate": 0.01},
        {"kind": "reset_after", "rate": 0.01},
    ],
}


def desired_resources(daemon):
    """{logical id: (type, properties)} of every desired file."""
    declared = {}
    for path in daemon.desired.glob("*.json"):
        for logical_id, body in json.loads(path.read_text())["Resources"].items():
            declared[logical_id] = (body["Type"], body.get("Properties", {}))
    return declared


def audit(fake, declared):
    """What AWS holds against what the files declare: duplicates (more than one resource for a
    logical ID), missing ones, and owned resources no file declares. EC2 resources are found by
    their logical-id tag, IAM ones by their name."""
    found = Counter()
    undeclared = 0
    ec2 = fake.boto3("ec2")
    for kind, (operation, key) in EC2_LISTS.items():
        paginator = ec2.get_paginator(operation)
        for page in paginator.paginate(Filters=OWNER_FILTER):
            for item in page[key]:
                tags = {t["Key"]: t["Value"] for t in item.get("Tags", [])}
                logical_id = tags.get("awsreconciled:logical-id")
                if logical_id in declared:
                    found[logical_id] += 1
                else:
                    undeclared += 1
    iam = fake.boto3("iam")
    for kind, (operation, key, name_key) in IAM_LISTS.items():
        names = set()
        for page in iam.get_paginator(operation).paginate():
            names.update(item[name_key] for item in page[key])
        for logical_id, (declared_kind, properties) in declared.items():
            if declared_kind == kind and properties.get(name_key) in names:
                found[logical_id] += 1
    counted = [i for i, (kind, _) in declared.items() if kind in EC2_LISTS or kind in IAM_LISTS]
    return {
        "declared": len(declared),
        "audited": len(counted),
        "duplicates": sum(max(0, found[i] - 1) for i in counted),
        "missing": sum(1 for i in counted if found[i] == 0),
        "undeclared_owned": undeclared,
    }


def states(daemon):
    return Counter(r["state"] for r in daemon.get("/v1/resources")["resources"])


def new_daemon(workdir, fake, poll_seconds):
    return Daemon(workdir, fake, poll_seconds=poll_seconds)


def crashes(fake, kinds, total, workdir, kills, timeout, rng):
    """`kills` times: start, wait a random moment, kill -9. Then start once more and wait,
    without asking for anything, until every resource is Ready."""
    fake.reset()
    # A little latency on every call stretches the convergence so the kills land inside it.
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "latency", "seconds": 0.01}]})
    daemon = new_daemon(workdir, fake, poll_seconds=30)
    files = mixes.write_directory(daemon.desired, kinds, total, "many-files")
    declared = desired_resources(daemon)
    started = time.monotonic()
    during = 0
    try:
        for _ in range(kills):
            daemon.start()
            ready = states(daemon).get("Ready", 0)
            if ready < total:
                # A random point of what is left to do: once that many more are Ready (with
                # creates in flight), whatever the size or the machine's speed.
                target = ready + rng.randint(0, total - ready - 1)
                wait_until(lambda: states(daemon).get("Ready", 0) >= target, timeout,
                           interval=0.01, what=f"{target} Ready")
                during += 1
            else:
                time.sleep(rng.uniform(0.0, 0.5))  # converged: a random moment of a cycle
            os.kill(daemon.process.pid, signal.SIGKILL)
            daemon.process.wait()
            daemon.stop()
        fake.control("POST", "/_fake/faults", {})
        restarted = time.monotonic()
        daemon.start()
        converged = _wait_ready(daemon, total, timeout)
        finished = time.monotonic()
        result = {
            "resources": total, "files": files, "kills": kills,
            "kills_during_convergence": during,
            "converged": converged,
            "seconds_after_last_restart": round(finished - restarted, 1),
            "seconds_total": round(finished - started, 1),
            "states": dict(states(daemon)),
        }
    finally:
        daemon.stop()
    result.update(audit(fake, declared))
    return result


def faults(fake, kinds, total, workdir, timeout):
    """One convergence from an empty account while the fake misbehaves."""
    fake.reset()
    fake.control("POST", "/_fake/faults", FAULTS)
    daemon = new_daemon(workdir, fake, poll_seconds=30)
    files = mixes.write_directory(daemon.desired, kinds, total, "many-files")
    declared = desired_resources(daemon)
    started = time.monotonic()
    try:
        daemon.start()
        converged = _wait_ready(daemon, total, timeout)
        seconds = round(time.monotonic() - started, 1)
        fired = {rule["kind"] + (f" {rule['status']}" if "status" in rule else ""): rule["fired"]
                 for rule in fake.control("GET", "/_fake/faults")["rules"]}
        result = {"resources": total, "files": files, "faults": FAULTS, "fired": fired,
                  "converged": converged, "seconds": seconds, "states": dict(states(daemon)),
                  "aws_calls": fake.control("GET", f"/_fake/calls?since={time.time() + 1e6}")["total"]}
    finally:
        fake.control("POST", "/_fake/faults", {})
        daemon.stop()
    result.update(audit(fake, declared))
    return result


def soak(fake, kinds, total, workdir, cycles, timeout, rng):
    """`cycles` cycles asked for back to back on a converged set."""
    fake.reset()
    daemon = new_daemon(workdir, fake, poll_seconds=3600)
    mixes.write_directory(daemon.desired, kinds, total, "one-file")
    try:
        daemon.start()
        if not _wait_ready(daemon, total, timeout):
            raise TimeoutError("the soak's set did not converge")
        ids = [r["logical_id"] for r in daemon.get("/v1/resources")["resources"]]
        warm_up = min(100, cycles // 10)
        _run_cycles(daemon, warm_up, ids, timeout, rng)
        start_memory = daemon.memory_kib()
        start_fds = len(os.listdir(f"/proc/{daemon.process.pid}/fd"))
        started = time.monotonic()
        _run_cycles(daemon, cycles, ids, timeout, rng)
        seconds = time.monotonic() - started
        end_memory = daemon.memory_kib()
        end_fds = len(os.listdir(f"/proc/{daemon.process.pid}/fd"))
        return {
            "resources": total, "cycles": cycles, "seconds": round(seconds, 1),
            "rss_kib_start": start_memory["VmRSS"], "rss_kib_end": end_memory["VmRSS"],
            "rss_growth_kib": end_memory["VmRSS"] - start_memory["VmRSS"],
            "peak_rss_kib": end_memory["VmHWM"],
            "fds_start": start_fds, "fds_end": end_fds,
            "states": dict(states(daemon)),
        }
    finally:
        daemon.stop()


def _run_cycles(daemon, count, ids, timeout, rng):
    done = daemon.get("/v1/status")["cycles"]
    for number in range(count):
        daemon.post("/v1/reconcile" if number % 10 == 0 else f"/v1/reconcile/{rng.choice(ids)}")
        target = done + 1
        done = wait_until(lambda: (lambda c: c if c >= target else None)(
            daemon.get("/v1/status")["cycles"]), timeout, interval=0.002, what="a cycle")


def _wait_ready(daemon, total, timeout):
    try:
        wait_until(lambda: states(daemon).get("Ready", 0) >= total, timeout, interval=0.2,
                   what=f"{total} Ready")
        return True
    except TimeoutError:
        return False


def run(fake, kinds, total, kills, soak_cycles, soak_resources, workroot, timeout, seed=7):
    rng = random.Random(seed)
    return {
        "crashes": crashes(fake, kinds, total, workroot / "crashes", kills, timeout, rng),
        "faults": faults(fake, kinds, total, workroot / "faults", timeout),
        "soak": soak(fake, kinds, soak_resources, workroot / "soak", soak_cycles, timeout, rng),
    }
