"""AWS's published request buckets, enforced when /_fake/config request_limits is on."""
import time

import botocore.exceptions
import pytest



@pytest.fixture
def limited(fake):
    fake.control("POST", "/_fake/config", {"request_limits": True})
    yield
    fake.control("POST", "/_fake/config", {"request_limits": False})


def tag(ec2, vpc_id, i):
    ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "n", "Value": str(i)}])


def test_ec2_mutating_calls_get_a_burst_of_50_then_5_a_second(fake, client, limited):
    ec2 = client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    started, accepted, refused = time.monotonic(), 0, None
    while refused is None and accepted < 200:
        try:
            tag(ec2, vpc_id, accepted)
            accepted += 1
        except botocore.exceptions.ClientError as error:
            refused = error
    elapsed = time.monotonic() - started
    assert refused is not None
    assert refused.response["Error"]["Code"] == "RequestLimitExceeded"
    # The burst, plus what the bucket refilled at 5 a second while the calls went out.
    assert 50 <= accepted <= 50 + 5 * elapsed + 1, (accepted, elapsed)
    # Another API and another region have buckets of their own.
    ec2.create_internet_gateway()
    client("ec2", region_name="eu-west-1").create_vpc(CidrBlock="10.0.0.0/16")
    ec2.describe_vpcs()
    time.sleep(0.25)  # a token comes back every 0.2 s
    tag(ec2, vpc_id, 51)


def test_off_by_default_and_other_services_are_not_limited(fake, client):
    ec2, iam = client("ec2"), client("iam")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    for i in range(60):
        tag(ec2, vpc_id, i)
    fake.control("POST", "/_fake/config", {"request_limits": True})
    try:
        for i in range(120):
            iam.list_users()
    finally:
        fake.control("POST", "/_fake/config", {"request_limits": False})
