#!/usr/bin/python3
"""The steady-state check of N security groups, by the daemon and by Ansible's amazon.aws
modules, against tests/fakeaws: AWS calls and seconds side by side.

A VPC is made with boto3 (it exists before either tool runs); the daemon converges N groups
in it, each with two ingress rules and a tag. Then (a) one full cycle of the daemon on the
converged set, asked for with POST /v1/reconcile, and (b) `ansible-playbook` with a play that
declares the same N groups with `amazon.aws.ec2_security_group` (state present, same rules,
not in check mode), which must find every one unchanged. Calls are read from the fake's
counters around each; seconds are the wall time (the daemon's cycle as its log reports it and
from the POST to the cycle's log line; Ansible's from process start to exit).

    /usr/bin/python3 bench/ansible.py [--groups 100] [--json OUT]

Needs Debian's `ansible` (amazon.aws bundled) and `python3-boto3`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from awsrbench import scenarios  # noqa: E402
from awsrbench.mix import write_atomically  # noqa: E402
from awsrbench.procs import FAKE_ENV, Daemon, Fake, install_cleanup, wait_until  # noqa: E402

REGION = "us-east-1"


def group(index):
    """Group `index`: name, description, its two ingress rules (port, CIDR) and its tag."""
    return {"name": f"bench-sg-{index}", "description": f"bench service {index}",
            "rules": [(8000 + index % 1000, "10.0.0.0/8"), (22, "192.168.0.0/16")],
            "tag": f"svc{index}"}


def desired_file(vpc_id, groups):
    """The daemon's desired state: the groups in one file."""
    resources = {}
    for index, g in enumerate(groups):
        resources[f"Sg{index}"] = {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupName": g["name"],
                "GroupDescription": g["description"],
                "VpcId": vpc_id,
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                                          "CidrIp": cidr} for port, cidr in g["rules"]],
                "Tags": [{"Key": "service", "Value": g["tag"]}],
            },
            "DeletionPolicy": "Delete",
        }
    return {"Region": REGION, "Resources": resources}


def playbook(endpoint, vpc_id, groups):
    """The same groups as an Ansible play, one task looping over them. purge_tags is off: the
    daemon's ownership tags (awsreconciled:*) are on the groups and Ansible does not declare
    them. Egress is left alone, as the daemon's file leaves it (rules_egress unset)."""
    items = [{"name": g["name"], "description": g["description"], "tag": g["tag"],
              "rules": [{"proto": "tcp", "ports": [port], "cidr_ip": cidr} for port, cidr in g["rules"]]}
             for g in groups]
    return [{
        "name": "security groups, steady state",
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "vars": {"ansible_python_interpreter": "/usr/bin/python3", "groups_wanted": items},
        "tasks": [{
            "name": "security group {{ item.name }}",
            "amazon.aws.ec2_security_group": {
                "name": "{{ item.name }}",
                "description": "{{ item.description }}",
                "vpc_id": vpc_id,
                "rules": "{{ item.rules }}",
                "tags": {"service": "{{ item.tag }}"},
                "purge_tags": False,
                "state": "present",
                "region": REGION,
                "endpoint_url": endpoint,
                "access_key": FAKE_ENV["AWS_ACCESS_KEY_ID"],
                "secret_key": FAKE_ENV["AWS_SECRET_ACCESS_KEY"],
            },
            "loop": "{{ groups_wanted }}",
            "loop_control": {"label": "{{ item.name }}"},
        }],
    }]


def daemon_cycle(fake, daemon, timeout):
    """One steady full cycle: calls by operation, the cycle's seconds (log) and wall seconds
    from the request to the log line."""
    last = daemon.last_cycle()
    before = scenarios.call_counts(fake)
    started = time.monotonic()
    daemon.post("/v1/reconcile")
    cycle = daemon.wait_cycle(last, timeout)
    wall = time.monotonic() - started
    calls = scenarios.subtract(scenarios.call_counts(fake), before)
    return {"calls": sum(calls.values()), "calls_by_operation": calls,
            "cycle_seconds": cycle[3], "wall_seconds": round(wall, 3)}


def run_ansible(fake, workdir, vpc_id, groups, timeout):
    """ansible-playbook on the play, bounded by `timeout`: calls by operation, wall seconds, and
    per-item changed/ok/failed from the JSON callback."""
    play = workdir / "play.json"  # JSON is YAML
    play.write_text(json.dumps(playbook(fake.url, vpc_id, groups), indent=1))
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_LOCAL_TEMP=str(workdir / "tmp"),
               ANSIBLE_HOME=str(workdir / "home"), AWS_EC2_METADATA_DISABLED="true",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    for key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(key, None)
    before = scenarios.call_counts(fake)
    started = time.monotonic()
    done = subprocess.run(["ansible-playbook", "-i", "localhost,", str(play)], env=env, cwd=workdir,
                          capture_output=True, text=True, timeout=timeout, check=False)
    wall = time.monotonic() - started
    calls = scenarios.subtract(scenarios.call_counts(fake), before)
    (workdir / "ansible.out").write_text(done.stdout + done.stderr)
    try:
        output = json.loads(done.stdout)
        items = output["plays"][0]["tasks"][0]["hosts"]["localhost"].get("results", [])
    except (ValueError, KeyError, IndexError):
        raise RuntimeError(f"ansible-playbook exited {done.returncode}; see {workdir / 'ansible.out'}:\n"
                           f"{(done.stdout + done.stderr)[-3000:]}")
    return {"returncode": done.returncode, "calls": sum(calls.values()), "calls_by_operation": calls,
            "wall_seconds": round(wall, 3), "items": len(items),
            "writes": sum(k for op, k in calls.items() if scenarios.is_write(op.split(":")[1])),
            "changed": sum(1 for item in items if item.get("changed")),
            "failed": sum(1 for item in items if item.get("failed")),
            "first_failure": next((item.get("msg") for item in items if item.get("failed")), None)}


def table(result):
    n = result["groups"]
    daemon, ansible = result["daemon"], result["ansible"]
    operations = sorted(set(daemon["calls_by_operation"]) | set(ansible["calls_by_operation"]))
    lines = [
        f"| N = {n} security groups | AWS calls | seconds | calls by operation |",
        "| --- | --- | --- | --- |",
        f"| awsreconciled, one full cycle | {daemon['calls']} | {daemon['cycle_seconds']} (cycle), "
        f"{daemon['wall_seconds']} (request to log line) | "
        + ", ".join(f"{op.split(':')[1]} {k}" for op, k in daemon["calls_by_operation"].items()) + " |",
        f"| ansible-playbook, amazon.aws.ec2_security_group | {ansible['calls']} | {ansible['wall_seconds']} "
        f"(process) | " + ", ".join(f"{op.split(':')[1]} {k}" for op, k in ansible["calls_by_operation"].items())
        + " |",
        "",
        "| operation | awsreconciled | Ansible |",
        "| --- | --- | --- |",
    ]
    for op in operations:
        lines.append(f"| {op} | {daemon['calls_by_operation'].get(op, 0)} | "
                     f"{ansible['calls_by_operation'].get(op, 0)} |")
    lines.append("")
    lines.append(f"Ansible: {ansible['items']} items, {ansible['changed']} changed, {ansible['failed']} failed, "
                 f"{ansible['writes']} AWS writes (exit {ansible['returncode']}).")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--json", help="also write the result here")
    parser.add_argument("--workdir", help="keep the work directory here (daemon log, play, Ansible output)")
    args = parser.parse_args()
    if not shutil.which("ansible-playbook"):
        sys.exit("ansible-playbook not found: apt-get install ansible")
    install_cleanup()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="awsr-ansible-"))
    workdir.mkdir(parents=True, exist_ok=True)
    timeout = 60 + args.groups * 0.5
    groups = [group(index) for index in range(args.groups)]
    fake = Fake()
    daemon = None
    try:
        vpc_id = fake.boto3("ec2", REGION).create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        daemon = Daemon(workdir / "daemon", fake, poll_seconds=3600, pace_requests=False)
        write_atomically(daemon.desired / "groups.json", json.dumps(desired_file(vpc_id, groups)))
        daemon.start()
        wait_until(lambda: scenarios.ready_count(daemon) >= args.groups, timeout, interval=0.1,
                   what=f"{args.groups} groups Ready")
        daemon.wait_cycle(0, timeout)  # the converging cycle's end (groups turn Ready inside it)
        daemon_cycle(fake, daemon, timeout)  # settles what the creates left; not counted
        measured = daemon_cycle(fake, daemon, timeout)
        daemon.stop()  # Ansible runs alone
        ansible = run_ansible(fake, workdir, vpc_id, groups, timeout=120 + args.groups * 10)
        load = os.getloadavg()
        result = {"groups": args.groups, "rules_per_group": 2, "daemon": measured, "ansible": ansible,
                  "load_average": [round(x, 2) for x in load], "workdir": str(workdir)}
    finally:
        if daemon:
            daemon.stop()
        fake.stop()
    print(table(result))
    print(f"\nload average at the end: {result['load_average']}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    if ansible["changed"] or ansible["failed"] or ansible["writes"] or ansible["items"] != args.groups:
        sys.exit("Ansible did not find every group unchanged")


if __name__ == "__main__":
    main()
