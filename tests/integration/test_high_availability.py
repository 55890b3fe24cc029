"""Two daemons with the same owner and the same files, one DynamoDB lease (the fake's): one
writes, the other plans; a killed leader is replaced within TTL + one renewal; a paused leader
that resumes after its lease was taken sends no write at all (the fake's call log proves it)."""

import json
import signal
import time

from harness import wait_until

TTL = 3  # seconds; renewals every TTL / 3, writes stop TTL - MARGIN after a renewal began
MARGIN = 1
LEASE = {"store": "dynamodb", "table": "awsr-leases", "ttl_seconds": TTL,
         "safety_margin_seconds": MARGIN}
OWNER_FILTER = [{"Name": "tag:awsreconciled:owner", "Values": ["awsreconciled"]}]


def vpcs(first, count):
    return {f"Vpc{i}": {"Type": "AWS::EC2::VPC", "DeletionPolicy": "Delete",
                        "Properties": {"CidrBlock": f"10.{i}.0.0/16"}} for i in range(first, count)}


def lease_table(fake):
    fake.boto3("dynamodb").create_table(
        TableName=LEASE["table"], BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "owner", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "owner", "AttributeType": "S"}])


def pair(make_daemon, fake, resources, a_config=None):
    """Daemon a, active once it reports so, then daemon b, standby; both with the same file."""
    lease_table(fake)
    daemons = []
    for name in ("a", "b"):
        daemon = make_daemon({"lease": LEASE, **((a_config or {}) if name == "a" else {})},
                             name=name)
        (daemon.desired / "net.json").write_text(json.dumps({"Resources": resources}))
        daemon.start()
        daemons.append(daemon)
        wait_until(lambda: lease_of(daemon)["holder"], 10, what=f"{name} looked at the lease")
        assert role(daemon) == ("active" if name == "a" else "standby")
    return daemons


def lease_of(daemon):
    return daemon.get("/v1/status").json()["lease"]


def role(daemon):
    return lease_of(daemon)["role"]


def states(daemon):
    return {r["logical_id"]: r["state"] for r in daemon.get("/v1/resources").json()["resources"]}


def all_ready(daemon, count):
    shown = states(daemon)
    return len(shown) == count and all(state == "Ready" for state in shown.values())


def writes(fake, mark=0):
    """(service, operation) of the mutating calls after call number `mark`, but the lease's."""
    return [call for call in fake.writes_since(mark) if call[0] != "dynamodb"]


def mark(fake):
    return len(fake.calls()["log"])


def owned_vpcs(fake):
    found = fake.boto3("ec2").describe_vpcs(Filters=OWNER_FILTER)["Vpcs"]
    return sorted(t["Value"] for v in found for t in v.get("Tags", [])
                  if t["Key"] == "awsreconciled:logical-id")


def test_the_standby_plans_and_takes_over_from_a_killed_leader(make_daemon, fake):
    a, b = pair(make_daemon, fake, vpcs(0, 3))
    wait_until(lambda: all_ready(a, 3), 20, what=f"a converged: {states(a)}")
    status = b.get("/v1/status").json()
    assert status["lease"]["role"] == "standby" and status["lease"]["holder"].startswith(
        a.get("/v1/status").json()["lease"]["self"])
    assert status["lease"]["epoch"] == 1 and status["lease"]["may_write"] is False
    # The standby observes and plans: what a created it sees as in sync.
    wait_until(lambda: all_ready(b, 3), 10, what=f"b observed: {states(b)}")
    assert writes(fake).count(("ec2", "CreateVpc")) == 3

    a.process.kill()  # kill -9: no release, the lease must expire
    killed_at = time.monotonic()
    for daemon in (a, b):
        (daemon.desired / "net.json").write_text(json.dumps({"Resources": vpcs(0, 5)}))
    wait_until(lambda: role(b) == "active", TTL + 4, interval=0.1, what="b active")
    took = time.monotonic() - killed_at
    assert took <= TTL + TTL / 3 + 1.5, took  # the TTL, one renewal period, and slack
    wait_until(lambda: all_ready(b, 5), 20, what=f"b converged: {states(b)}")
    assert owned_vpcs(fake) == [f"Vpc{i}" for i in range(5)]  # zero duplicates
    assert writes(fake).count(("ec2", "CreateVpc")) == 5
    lease = b.get("/v1/status").json()["lease"]
    assert lease["epoch"] == 2 and lease["takeovers"] == 1 and lease["may_write"] is True
    events = b.get("/v1/events").json()["events"]
    assert any(e["action"] == "lease-acquired" and "epoch 2" in e["message"] for e in events)
    assert "awsreconciled_lease_takeovers_total 1" in b.get("/metrics").text


def test_a_paused_leader_resumed_after_takeover_sends_no_write(make_daemon, fake):
    # Slow creates, one at a time, keep a's convergence in progress when it is paused.
    fake.faults({"rules": [{"kind": "latency", "seconds": 1, "service": "ec2",
                            "operation": "CreateVpc"}]})
    a, b = pair(make_daemon, fake, vpcs(0, 10), {"concurrency": {"per_service": 1}})
    wait_until(lambda: writes(fake), 10, interval=0.05, what="a writing")
    a.signal(signal.SIGSTOP)
    stopped_at = time.monotonic()
    try:
        wait_until(lambda: role(b) == "active", TTL + 4, interval=0.1, what="b active")
        assert time.monotonic() - stopped_at <= TTL + TTL / 3 + 1.5
        wait_until(lambda: all_ready(b, 10), 30, what=f"b converged: {states(b)}")
        quiet_since = mark(fake)
        time.sleep(0.5)
        assert writes(fake, quiet_since) == []  # b converged: it writes nothing more
    finally:
        a.signal(signal.SIGCONT)
    # a wakes up with writes it had decided on; its fence must hold every one back.
    wait_until(lambda: role(a) == "standby", 5, interval=0.1, what="a standby")
    time.sleep(1)
    assert writes(fake, quiet_since) == []
    assert "not sent: this daemon holds no fresh lease" in a.stderr()  # it did try
    assert owned_vpcs(fake) == sorted(f"Vpc{i}" for i in range(10))  # zero duplicates
    assert writes(fake).count(("ec2", "CreateVpc")) == 10  # each sent once, by a or b
    lease = a.get("/v1/status").json()["lease"]
    assert lease["epoch"] == 2 and lease["holder"] == b.get("/v1/status").json()["lease"]["self"]
