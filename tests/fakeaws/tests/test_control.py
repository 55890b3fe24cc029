"""The /_fake/ side channel: reset, state, call accounting, faults, lag, server modes."""
import os
import subprocess
import sys
import tempfile
import threading
import time

import botocore.exceptions
import pytest

from .conftest import error_of

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_reset_and_state(fake, client):
    client("iam").create_user(UserName="u")
    assert fake.control("GET", "/_fake/state")["iam/global"]["users"] == ["u"]
    fake.control("POST", "/_fake/reset")
    assert client("iam").list_users()["Users"] == []


def test_a_request_waiting_when_a_reset_comes_leaves_the_new_world_and_log_alone(fake, client):
    """A test's daemon stopped with a create held by a latency fault must not reach the next
    test: the create finishes in the world it arrived in, and is not logged after the reset."""
    fake.control("POST", "/_fake/faults", {"rules": [
        {"kind": "latency", "service": "iam", "operation": "CreateUser", "seconds": 0.4}]})
    held = threading.Thread(target=lambda: client("iam").create_user(UserName="stray"))
    held.start()
    time.sleep(0.2)
    fake.control("POST", "/_fake/faults", {})
    fake.control("POST", "/_fake/reset")
    held.join(5)
    assert client("iam").list_users()["Users"] == []
    logged = fake.control("GET", "/_fake/calls")["log"]
    assert [call["operation"] for call in logged] == ["ListUsers"]


def test_calls_are_counted_and_logged(fake, client):
    before = time.time()
    client("iam").list_users()
    client("iam").list_users()
    with pytest.raises(botocore.exceptions.ClientError):
        client("ec2").describe_vpcs(VpcIds=["vpc-00000000000000000"])
    calls = fake.control("GET", "/_fake/calls")
    assert calls["counts"]["iam"]["ListUsers"] == 2 and calls["total"] == 3
    last = calls["log"][-1]
    assert last["service"] == "ec2" and last["operation"] == "DescribeVpcs" and last["status"] == 400
    assert last["error"] == "InvalidVpcID.NotFound" and last["time"] >= before
    fake.control("POST", "/_fake/calls/reset")
    assert fake.control("GET", "/_fake/calls")["total"] == 0


@pytest.mark.parametrize("service,call,expected", [
    ("iam", lambda c: c.list_users(), ("Throttling", 400)),
    ("sts", lambda c: c.get_caller_identity(), ("Throttling", 400)),
    ("ec2", lambda c: c.describe_vpcs(), ("RequestLimitExceeded", 503)),
])
def test_throttling_for_next_n_calls(fake, client, service, call, expected):
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "throttle", "count": 2, "service": service}]})
    for _ in range(2):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call(client(service))
        assert error_of(e) == expected
    call(client(service))  # the third goes through
    assert fake.control("GET", "/_fake/faults")["rules"][0]["fired"] == 2


def test_throttling_rate_is_deterministic_with_seed(fake, client):
    def run():
        fake.control("POST", "/_fake/faults", {"seed": 3, "rules": [{"kind": "throttle", "rate": 0.5}]})
        outcomes = []
        for _ in range(20):
            try:
                client("sts").get_caller_identity()
                outcomes.append(True)
            except botocore.exceptions.ClientError:
                outcomes.append(False)
        return outcomes
    first = run()
    assert first == run() and 0 < first.count(False) < 20


def test_errors_scoped_to_an_operation(fake, client):
    fake.control("POST", "/_fake/faults", {"rules": [
        {"kind": "error", "status": 503, "count": 1, "service": "ec2", "operation": "DescribeSubnets"},
        {"kind": "error", "status": 500, "count": 1, "service": "iam"}]})
    client("ec2").describe_vpcs()  # other operation: untouched
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("ec2").describe_subnets()
    assert error_of(e) == ("Unavailable", 503)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("iam").list_roles()
    assert error_of(e) == ("InternalFailure", 500)


def test_latency_and_connection_reset(fake, client):
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "latency", "seconds": 0.3, "count": 1}]})
    start = time.time()
    client("sts").get_caller_identity()
    assert time.time() - start >= 0.3
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "reset", "count": 1}]})
    with pytest.raises((botocore.exceptions.ConnectionClosedError, botocore.exceptions.EndpointConnectionError)):
        client("sts").get_caller_identity()
    client("sts").get_caller_identity()
    # Control routes are never faulted.
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "error", "rate": 1.0}]})
    assert "counts" in fake.control("GET", "/_fake/calls")


def test_reset_after_applying_makes_the_change_and_loses_the_answer(fake, client):
    fake.control("POST", "/_fake/faults",
                 {"rules": [{"kind": "reset_after", "count": 1, "operation": "CreateVpc"}]})
    ec2 = client("ec2")
    with pytest.raises((botocore.exceptions.ConnectionClosedError,
                        botocore.exceptions.EndpointConnectionError)):
        ec2.create_vpc(CidrBlock="10.9.0.0/16")
    made = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.9.0.0/16"]}])["Vpcs"]
    assert len(made) == 1, "the VPC exists although its caller saw a reset"
    assert fake.control("GET", "/_fake/calls")["counts"]["ec2"]["CreateVpc"] == 1
    assert fake.control("GET", "/_fake/faults")["rules"][0]["fired"] == 1


def test_clock_skew_refuses_requests_signed_by_a_late_clock(fake, client):
    fake.control("POST", "/_fake/faults", {"clock_skew": 3600})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("sts").get_caller_identity()
    assert error_of(e)[0] == "SignatureDoesNotMatch"
    # The Date header carries the fake's time, from which a client can learn the offset.
    import email.utils
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", int(fake.url.rsplit(":", 1)[1]), timeout=5)
    connection.request("GET", "/")
    reply = connection.getresponse()
    reply.read()
    offset = email.utils.parsedate_to_datetime(reply.getheader("Date")).timestamp() - time.time()
    assert 3590 < offset < 3610
    fake.control("POST", "/_fake/faults", {})
    client("sts").get_caller_identity()


def test_eventual_consistency_lag(fake, client):
    fake.control("POST", "/_fake/faults", {"consistency_lag": 0.4})
    ec2 = client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    client("iam").create_user(UserName="late")
    assert [v["IsDefault"] for v in ec2.describe_vpcs()["Vpcs"]] == [True], "only the default VPC, there all along"
    assert client("iam").list_users()["Users"] == []
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ec2.describe_vpcs(VpcIds=[vpc_id])
    assert error_of(e)[0] == "InvalidVpcID.NotFound"
    time.sleep(0.45)
    assert [v["VpcId"] for v in ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]] == [vpc_id]


def test_concurrent_clients(fake, client):
    ec2 = client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    errors = []

    def worker(n):
        try:
            c = client("ec2", region_name="us-east-1")
            for i in range(10):
                c.create_security_group(GroupName=f"w{n}-{i}", Description="x", VpcId=vpc_id)
        except Exception as e:  # reported below
            errors.append(e)
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"]
    assert len(groups) == 41


def test_scale_describe_is_fast(fake, client):
    """Many resources: creating and filtering must stay linear."""
    ec2 = client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    with fake.fake.world.lock:  # seed state directly: 2,000 API calls would dominate the run
        from fakeaws.services.ec2 import security_groups
        from fakeaws.world import Context
        ctx = Context(fake.fake.world, "ec2", "us-east-1", None, fake.fake.credentials)
        for i in range(2000):
            group = security_groups._new_group(ctx, vpc_id, f"bulk{i}", "x")
            ctx.state.tags[group["GroupId"]] = {"owner": "bench" if i % 2 else "other"}
    start = time.time()
    pages = list(ec2.get_paginator("describe_security_groups").paginate(
        Filters=[{"Name": "tag:owner", "Values": ["bench"]}], PaginationConfig={"PageSize": 1000}))
    assert sum(len(p["SecurityGroups"]) for p in pages) == 1000
    assert time.time() - start < 5


def test_command_line_tcp_and_unix(client):
    env = {**os.environ, "PYTHONPATH": HERE}
    proc = subprocess.Popen([sys.executable, "-m", "fakeaws", "--listen", "127.0.0.1:0"], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("fakeaws listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        assert client("sts", endpoint_url=url).get_caller_identity()["Account"] == "123456789012"
    finally:
        proc.terminate()
        proc.wait(10)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "aws.sock")
        proc = subprocess.Popen([sys.executable, "-m", "fakeaws", "--unix", path], env=env,
                                stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == f"fakeaws listening on unix:{path}"
            out = subprocess.run(["curl", "-s", "--unix-socket", path, "http://localhost/_fake/health"],
                                 capture_output=True, text=True, timeout=10).stdout
            assert '"ok": true' in out
        finally:
            proc.terminate()
            proc.wait(10)
