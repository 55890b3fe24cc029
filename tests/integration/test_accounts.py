"""One daemon, files for three accounts (its own and two member accounts it reaches through STS
AssumeRole of a file's RoleArn) in two regions, through the daemon binary against the fake AWS:
each account's resources exist only in that account, a steady cycle writes nothing, references
cross accounts, a malformed RoleArn is a clear file error that touches nothing, and a file's
removal deletes in the right account."""

import json
import signal
import time

from harness import wait_until, write_atomically
from test_engine import resource, wait_state
from test_high_availability import (TTL, dynamodb_lease, pair, pause_while_a_create_waits, role,
                                    slow_creates, states)

OWN = "123456789012"
MEMBER_A = "111111111111"
MEMBER_B = "222222222222"
ROLE = "arn:aws:iam::{}:role/OrganizationAccountAccessRole"
OWNER_FILTER = [{"Name": "tag:awsreconciled:owner", "Values": ["awsreconciled"]}]
DELETE = {"DeletionPolicy": "Delete"}


def vpc(cidr, region=None, **extra):
    body = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": cidr, **extra}, **DELETE}
    return {**body, "Region": region} if region else body


def group(name, vpc_ref):
    return {"Type": "AWS::EC2::SecurityGroup", **DELETE,
            "Properties": {"GroupName": name, "GroupDescription": name, "VpcId": {"Ref": vpc_ref}}}


def topic(name, region):
    return {"Type": "AWS::SNS::Topic", "Region": region, "Properties": {"TopicName": name},
            **DELETE}


def drop(daemon, name, resources, **top):
    write_atomically(daemon.desired / name, json.dumps({**top, "Resources": resources}))


def client(fake, account, service, region):
    """boto3 in `account`: the test key for the daemon's own, else the organization role."""
    import boto3
    if account == OWN:
        return fake.boto3(service, region)
    sts = fake.boto3("sts")
    creds = sts.assume_role(RoleArn=ROLE.format(account), RoleSessionName="test-check")["Credentials"]
    return boto3.client(service, endpoint_url=fake.url, region_name=region,
                        aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def owned_vpcs(fake, account, region):
    vpcs = client(fake, account, "ec2", region).describe_vpcs(Filters=OWNER_FILTER)["Vpcs"]
    return {t["Value"]: v for v in vpcs for t in v.get("Tags", [])
            if t["Key"] == "awsreconciled:logical-id"}


def topics(fake, account, region):
    sns = client(fake, account, "sns", region)
    return {t["TopicArn"].rsplit(":", 1)[1] for t in sns.list_topics()["Topics"]}


def writes_since(fake, mark):
    return [(c["service"], c["operation"], c["account"]) for c in fake.calls()["log"][mark:]
            if not c["operation"].startswith(("Get", "List", "Describe", "Head"))]


def test_one_daemon_three_accounts_two_regions(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "60s"}).start()
    drop(daemon, "own.json", {"OwnVpc": vpc("10.0.0.0/16"), "OwnTopic": topic("own-alerts", "eu-west-1")})
    # Member A: the default region and eu-west-1; its VPC's tag refers to the own account's VPC.
    drop(daemon, "a.json", {
        "AVpc": vpc("10.1.0.0/16", Tags=[{"Key": "peer", "Value": {"Ref": "OwnVpc"}}]),
        "AGroup": group("a-web", "AVpc"),
        "ATopic": topic("a-alerts", "eu-west-1"),
    }, RoleArn=ROLE.format(MEMBER_A))
    # Member B, all in eu-west-1, with ExternalId and a session name.
    drop(daemon, "b.json", {"BVpc": vpc("10.2.0.0/16"), "BGroup": group("b-web", "BVpc")},
         RoleArn=ROLE.format(MEMBER_B), ExternalId="estate-b", RoleSessionName="estate.b",
         Region="eu-west-1")
    for logical_id in ("OwnVpc", "OwnTopic", "AVpc", "AGroup", "ATopic", "BVpc", "BGroup"):
        wait_state(daemon, logical_id, "Ready", timeout=20)
    log = fake.calls()["log"]  # the daemon's calls only: the checks below assume roles too

    # Each account holds exactly its own resources, in the right region.
    assert set(owned_vpcs(fake, OWN, "us-east-1")) == {"OwnVpc"}
    assert set(owned_vpcs(fake, MEMBER_A, "us-east-1")) == {"AVpc"}
    assert set(owned_vpcs(fake, MEMBER_B, "eu-west-1")) == {"BVpc"}
    assert owned_vpcs(fake, OWN, "eu-west-1") == {} and owned_vpcs(fake, MEMBER_A, "eu-west-1") == {}
    assert owned_vpcs(fake, MEMBER_B, "us-east-1") == {}
    assert topics(fake, OWN, "eu-west-1") == {"own-alerts"}
    assert topics(fake, MEMBER_A, "eu-west-1") == {"a-alerts"}
    assert topics(fake, MEMBER_B, "eu-west-1") == set()
    groups = client(fake, MEMBER_B, "ec2", "eu-west-1").describe_security_groups(
        Filters=OWNER_FILTER)["SecurityGroups"]
    assert [(g["GroupName"], g["OwnerId"]) for g in groups] == [("b-web", MEMBER_B)]
    # A reference across accounts resolves as any other.
    own_vpc = owned_vpcs(fake, OWN, "us-east-1")["OwnVpc"]
    a_tags = {t["Key"]: t["Value"] for t in owned_vpcs(fake, MEMBER_A, "us-east-1")["AVpc"]["Tags"]}
    assert a_tags["peer"] == own_vpc["VpcId"]
    # Every create was signed in its account; each role was assumed once, by the daemon's key.
    creates = {(c["operation"], c["account"]) for c in log if c["operation"].startswith("Create")}
    assert ("CreateVpc", OWN) in creates and ("CreateVpc", MEMBER_A) in creates
    assert ("CreateSecurityGroup", MEMBER_B) in creates and ("CreateTopic", MEMBER_A) in creates
    assumed = [c for c in log if c["operation"] == "AssumeRole" and c["status"] == 200]
    assert len(assumed) == 2 and {c["account"] for c in assumed} == {OWN}

    # The API says where each resource is; status and metrics count by account and region.
    b_vpc = resource(daemon, "BVpc")
    assert (b_vpc["account"], b_vpc["region"], b_vpc["role_arn"]) == (
        MEMBER_B, "eu-west-1", ROLE.format(MEMBER_B))
    assert resource(daemon, "OwnVpc")["account"] == OWN and "role_arn" not in resource(daemon, "OwnVpc")
    by_account = daemon.get("/v1/status").json()["resources"]["by_account"]
    assert by_account == {OWN: {"us-east-1": {"Ready": 1}, "eu-west-1": {"Ready": 1}},
                          MEMBER_A: {"us-east-1": {"Ready": 2}, "eu-west-1": {"Ready": 1}},
                          MEMBER_B: {"eu-west-1": {"Ready": 2}}}
    metrics = daemon.get("/metrics").text
    assert ('awsreconciled_account_resources{account="222222222222",region="eu-west-1",'
            'state="Ready"} 2') in metrics

    # A steady cycle writes nothing, in any account (credentials are cached: no AssumeRole).
    mark = len(fake.calls()["log"])
    daemon.full_cycle()
    assert [w for w in writes_since(fake, mark)] == []

    # A malformed RoleArn: a clear error naming file and field; nothing is touched.
    mark = len(fake.calls()["log"])
    drop(daemon, "bad.json", {"BadVpc": vpc("10.9.0.0/16")}, RoleArn="arn:aws:iam::12345:role/x")
    wait_until(lambda: daemon.files().get("bad.json", {}).get("problems"), what="bad.json's problem")
    problem = daemon.files()["bad.json"]["problems"][0]
    assert problem["pointer"] == "/RoleArn" and "not an IAM role ARN" in problem["message"]
    daemon.full_cycle()
    assert writes_since(fake, mark) == [] and resource(daemon, "BadVpc") is None
    assert resource(daemon, "AVpc")["state"] == "Ready"

    # A role that cannot be assumed: its resources report it; no other account is touched.
    mark = len(fake.calls()["log"])
    drop(daemon, "bad.json", {"BadVpc": vpc("10.9.0.0/16")},
         RoleArn=f"arn:aws:iam::{MEMBER_A}:role/NoSuchRole")
    wait_state(daemon, "BadVpc", "Error")
    assert "NoSuchRole" in resource(daemon, "BadVpc")["message"]
    assert [w for w in writes_since(fake, mark) if w[1] != "AssumeRole"] == []
    (daemon.desired / "bad.json").unlink()

    # Removing a member's file deletes its resources there (DeletionPolicy Delete), only there.
    (daemon.desired / "b.json").unlink()
    wait_until(lambda: owned_vpcs(fake, MEMBER_B, "eu-west-1") == {}, timeout=20,
               what="B's VPC deleted")
    assert set(owned_vpcs(fake, MEMBER_A, "us-east-1")) == {"AVpc"}
    assert set(owned_vpcs(fake, OWN, "us-east-1")) == {"OwnVpc"}


def test_a_paused_leader_sends_no_write_into_a_member_account(make_daemon, fake):
    """The lease's write fence covers each role's client: a leader paused while it creates in
    a member account, resumed after a standby took over, sends nothing there (or anywhere)."""
    slow_creates(fake)
    a, b = pair(make_daemon, dynamodb_lease(fake), {}, {"concurrency": {"per_service": 1}})
    member_vpcs = {f"Vpc{i}": vpc(f"10.{i}.0.0/16") for i in range(6)}
    for daemon in (a, b):
        drop(daemon, "member.json", member_vpcs, RoleArn=ROLE.format(MEMBER_A))

    def not_lease(mark):  # the lease's item and assuming the role are no writes to guard
        return [w for w in writes_since(fake, mark)
                if w[0] != "dynamodb" and w[1] != "AssumeRole"]

    pause_while_a_create_waits(a, fake, not_lease)
    assert {account for _, _, account in not_lease(0)} == {MEMBER_A}
    try:
        wait_until(lambda: role(b) == "active", TTL + 4, interval=0.1, what="b active")
        wait_until(lambda: set(states(b).values()) == {"Ready"} and len(states(b)) == 6, 45,
                   what=lambda: f"b converged: {states(b)}")
        quiet_since = len(fake.calls()["log"])
        time.sleep(0.5)
        assert not_lease(quiet_since) == []  # b converged: it writes nothing more
    finally:
        a.signal(signal.SIGCONT)
    wait_until(lambda: role(a) == "standby", 5, interval=0.1, what="a standby")
    time.sleep(1)
    assert not_lease(quiet_since) == []
    assert "not sent: this daemon holds no fresh lease" in a.stderr()  # it did try
    assert sorted(owned_vpcs(fake, MEMBER_A, "us-east-1")) == sorted(member_vpcs)  # no twins
    assert owned_vpcs(fake, OWN, "us-east-1") == {}
