"""config/examples/dagster-on-aws through the daemon binary against the fake AWS, with RDS
taking its time: everything else becomes Ready while the database is still being created,
then the database; exactly one of each; a steady cycle writes nothing and reads in bulk; and
no password or secret value appears anywhere a user or a log reader could see it."""

import json
import shutil

import pytest

from harness import example, wait_until
from test_engine import OWNER_FILTER, resource, tags_of, wait_state

FILES, RESOURCES = example("dagster-on-aws")


@pytest.fixture
def slow_rds(fake):
    """RDS creates an instance until the test says it is done (about ten minutes in AWS)."""
    with fake.configured({"rds_creating_seconds": 600,
                          "instance_pending_seconds": 0.2}):
        yield


@pytest.fixture
def converged(make_daemon, fake, slow_rds):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    for path in FILES:
        shutil.copy(path, daemon.desired / path.name)
    # The database is still being created while the rest of the set-up is already in place.
    def creating_with_aws_status():
        db = resource(daemon, "DagsterDatabase")
        return db and db["state"] == "Creating" and "(creating)" in db["message"]
    wait_until(creating_with_aws_status, timeout=30, what="the database Creating, as AWS says")
    others = [i for i in RESOURCES if i != "DagsterDatabase"]
    for logical_id in others:
        wait_state(daemon, logical_id, "Ready", timeout=30)
    assert resource(daemon, "DagsterDatabase")["state"] == "Creating"
    # RDS finishes: the daemon notices on its own (it looks again every couple of seconds).
    fake.control("POST", "/_fake/config", {"rds_creating_seconds": 0})
    wait_state(daemon, "DagsterDatabase", "Ready", timeout=30)
    daemon.full_cycle()  # one more cycle sees every create listed
    return daemon


def test_the_example_converges_to_exactly_one_of_each_while_rds_takes_its_time(converged, fake):
    daemon = converged
    states = {r["logical_id"]: r["state"] for r in daemon.get("/v1/resources").json()["resources"]}
    assert states == {logical_id: "Ready" for logical_id in RESOURCES}

    rds = fake.boto3("rds")
    instances = rds.describe_db_instances()["DBInstances"]
    assert len(instances) == 1
    db = instances[0]
    assert (db["DBInstanceIdentifier"], db["Engine"], db["DBInstanceClass"],
            db["AllocatedStorage"], db["MultiAZ"], db["PubliclyAccessible"]) == (
        "dagster-db", "postgres", "db.t4g.micro", 20, False, False)
    assert db["DBSubnetGroup"]["DBSubnetGroupName"] == "dagster-db-subnets"
    assert tags_of({"Tags": db["TagList"]})["awsreconciled:deletion-policy"] == "Snapshot"
    ec2 = fake.boto3("ec2")
    vpc_id = resource(daemon, "MainVpc")["physical_id"]
    default_group = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]},
        {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
    assert {g["VpcSecurityGroupId"] for g in db["VpcSecurityGroups"]} == {
        default_group, resource(daemon, "RdsFromEc2Group")["physical_id"]}
    # RDS keeps the password in a secret of its own: exactly one, the one RDS made.
    secrets = fake.boto3("secretsmanager").list_secrets()["SecretList"]
    assert [s["OwningService"] for s in secrets] == ["rds"]
    assert len(rds.describe_db_subnet_groups()["DBSubnetGroups"]) == 1

    endpoints = ec2.describe_vpc_endpoints(Filters=OWNER_FILTER)["VpcEndpoints"]
    assert [(e["ServiceName"], e["VpcEndpointType"]) for e in endpoints] == [
        ("com.amazonaws.us-east-1.s3", "Gateway")]
    private_tables = {resource(daemon, f"PrivateRouteTable{z}")["physical_id"] for z in "AB"}
    assert set(endpoints[0]["RouteTableIds"]) == private_tables
    rules = ec2.describe_security_group_rules(Filters=OWNER_FILTER)["SecurityGroupRules"]
    described = sorted((r["IsEgress"], r["FromPort"], r.get("CidrIpv4"),
                        r.get("ReferencedGroupInfo", {}).get("GroupId")) for r in rules)
    ec2_rds = resource(daemon, "Ec2ToRdsGroup")["physical_id"]
    rds_ec2 = resource(daemon, "RdsFromEc2Group")["physical_id"]
    assert described == [(False, 22, "203.0.113.10/32", None),
                         (False, 3000, "203.0.113.10/32", None),
                         (False, 5432, None, ec2_rds),
                         (True, 5432, None, rds_ec2)]
    assert all(tags_of(r)["awsreconciled:owner"] == "awsreconciled" for r in rules)
    reservations = ec2.describe_instances(Filters=OWNER_FILTER)["Reservations"]
    assert sum(len(r["Instances"]) for r in reservations) == 1
    assert fake.count("rds", "CreateDBInstance") == 1


def test_a_steady_cycle_writes_nothing_and_reads_the_database_types_in_bulk(converged, fake):
    daemon = converged
    fake.control("POST", "/_fake/calls/reset")
    daemon.full_cycle()
    counts = fake.calls()["counts"]
    operations = [op for service in counts.values() for op in service]
    reads = ("Describe", "List", "Get")
    assert [op for op in operations if not op.startswith(reads)] == []
    assert counts["rds"] == {"DescribeDBInstances": 1, "DescribeDBSubnetGroups": 1,
                             # RDS lists subnet groups without tags: one read per group.
                             "ListTagsForResource": 1}
    assert counts["ec2"]["DescribeVpcEndpoints"] == 1
    assert counts["ec2"]["DescribeSecurityGroupRules"] == 2  # ingress, egress
    assert all(r["state"] == "Ready" for r in daemon.get("/v1/resources").json()["resources"])


def test_the_managed_master_password_never_leaves_secrets_manager(converged, fake):
    daemon = converged
    manager = fake.boto3("secretsmanager")
    secret = manager.list_secrets()["SecretList"][0]
    password = json.loads(manager.get_secret_value(SecretId=secret["ARN"])["SecretString"])[
        "password"]
    shown = [daemon.get("/v1/resources").text, daemon.get("/v1/events").text,
             daemon.get("/v1/status").text, daemon.get("/v1/plan").text, daemon.stderr()]
    shown += [daemon.get(f"/v1/resources/{logical_id}").text for logical_id in RESOURCES]
    shown += [p.read_text(errors="replace") for p in daemon.state.rglob("*") if p.is_file()]
    assert len(password) >= 20
    needles = {password, json.dumps(password)[1:-1]}  # as is, and as JSON writes it
    assert [i for i, text in enumerate(shown) for needle in needles if needle in text] == []
