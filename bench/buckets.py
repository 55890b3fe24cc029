#!/usr/bin/python3
"""S3 buckets at scale, the figure docs/bench.md gives for the engine's bounded per-resource
reads (daemon/engine/detail_reads.h): N buckets, each with a public access block, converged;
then the S3 calls of steady full cycles (within the detail_reads budget), and how many full
cycles pass before an out-of-band change to one bucket's public access block is corrected,
against the documented bound ceil(N*k / budget) (k = 2: the block and the tags).

  /usr/bin/python3 bench/buckets.py [--buckets 1000] [--budget 100] [--out DIR]
"""

import argparse
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from awsrbench.procs import Daemon, Fake, install_cleanup, wait_until  # noqa: E402

BLOCK_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": True}


def s3_counts(fake):
    return dict(fake.calls_since(time.time() + 10 ** 6)["counts"].get("s3", {}))


def delta(after, before):
    return {op: n - before.get(op, 0) for op, n in sorted(after.items()) if n - before.get(op, 0)}


def full_cycle(daemon, timeout):
    """Asks for a full cycle and waits for it; returns its number."""
    after = daemon.last_cycle()
    daemon.post("/v1/reconcile")
    return daemon.wait_cycle(after, timeout)[0]


def run(buckets, budget, workdir):
    fake = Fake()
    daemon = Daemon(workdir, fake, poll_seconds=3600)  # cycles only when asked
    daemon.config["detail_reads"] = {"per_cycle": budget, "per_service": budget}
    resources = {f"Bucket{i}": {"Type": "AWS::S3::Bucket", "Properties": {
        "BucketName": f"bench-bucket-{i:05d}", "PublicAccessBlockConfiguration": BLOCK_ALL}}
        for i in range(buckets)}
    (daemon.desired / "buckets.json").write_text(json.dumps({"Resources": resources}))
    started = time.time()
    daemon.start()
    timeout = 60 + buckets * 0.5

    wait_until(lambda: daemon.get("/v1/status")["resources"]["by_state"].get("Ready", 0) >=
               buckets, timeout, interval=0.5, what="every bucket Ready")
    converge = time.time() - started
    # Until every bucket was read whole once, cycles read more than the budget (urgent reads).
    for _ in range(3):
        full_cycle(daemon, timeout)

    steady = []
    for _ in range(3):
        before = s3_counts(fake)
        full_cycle(daemon, timeout)
        steady.append(delta(s3_counts(fake), before))

    bound = math.ceil(buckets * 2 / budget)
    victim = f"bench-bucket-{random.randrange(buckets):05d}"
    s3 = fake.boto3("s3")
    s3.put_public_access_block(Bucket=victim, PublicAccessBlockConfiguration={
        name: False for name in BLOCK_ALL})
    puts = s3_counts(fake).get("PutPublicAccessBlock", 0)
    cycles = 0
    while s3_counts(fake).get("PutPublicAccessBlock", 0) == puts and cycles < 3 * bound:
        full_cycle(daemon, timeout)
        cycles += 1
    corrected = s3.get_public_access_block(Bucket=victim)["PublicAccessBlockConfiguration"]
    daemon.stop()
    fake.stop()
    return {"buckets": buckets, "budget": budget, "converge_seconds": round(converge, 1),
            "steady_s3_calls_per_cycle": steady, "drift_bound_cycles": bound,
            "drift_corrected_after_cycles": cycles, "corrected": corrected == BLOCK_ALL}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buckets", type=int, default=1000)
    parser.add_argument("--budget", type=int, default=100)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    args = parser.parse_args()
    install_cleanup()
    with tempfile.TemporaryDirectory(prefix="awsr-buckets-") as workdir:
        result = run(args.buckets, args.budget, workdir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "buckets.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["corrected"] and result["drift_corrected_after_cycles"] <= result[
        "drift_bound_cycles"] else 1


if __name__ == "__main__":
    sys.exit(main())
