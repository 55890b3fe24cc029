"""config/examples/redshift-hands-on through the daemon binary against the fake AWS, with the
cluster and the database taking their time: the rest becomes Ready meanwhile, then both; exactly
one of each; a second full cycle writes nothing; the generated master password and the access
key's secret are never shown."""

import json
import shutil

import pytest

from harness import example
from test_engine import resource, tags_of, wait_state

FILES, RESOURCES = example("redshift-hands-on")
SLOW = ("RedshiftCluster", "PostgresDatabase")


@pytest.fixture
def slow_databases(fake):
    """Redshift and RDS create until the test says they are done; restored afterwards."""
    with fake.configured({"rds_creating_seconds": 600,
                          "redshift_creating_seconds": 600,
                          "redshift_iam_role_seconds": 0.2}):
        yield


def test_the_example_converges_and_a_second_cycle_writes_nothing(make_daemon, fake,
                                                                 slow_databases):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    for path in FILES:
        shutil.copy(path, daemon.desired / path.name)
    for logical_id in SLOW:
        wait_state(daemon, logical_id, "Creating", timeout=30)
    for logical_id in (i for i in RESOURCES if i not in SLOW):
        wait_state(daemon, logical_id, "Ready", timeout=30)
    # AWS finishes both: the daemon notices on its own.
    fake.control("POST", "/_fake/config", {"rds_creating_seconds": 0,
                                            "redshift_creating_seconds": 0})
    for logical_id in SLOW:
        wait_state(daemon, logical_id, "Ready", timeout=30)
    daemon.full_cycle()
    states = {r["logical_id"]: r["state"] for r in daemon.get("/v1/resources").json()["resources"]}
    assert states == {logical_id: "Ready" for logical_id in RESOURCES}

    # A second full cycle writes nothing.
    mark = fake.calls()["total"]
    daemon.full_cycle()
    assert fake.calls()["total"] > mark, "the cycle read AWS"
    assert fake.writes_since(mark) == []

    # Exactly one cluster, using the role and the 5439 group, and one small PostgreSQL.
    clusters = fake.boto3("redshift").describe_clusters()["Clusters"]
    assert len(clusters) == 1
    cluster = clusters[0]
    role_arn = fake.boto3("iam").get_role(RoleName="redshift-hands-on-s3-read")["Role"]["Arn"]
    assert [r["IamRoleArn"] for r in cluster["IamRoles"]] == [role_arn]
    group_id = resource(daemon, "RedshiftSecurityGroup")["physical_id"]
    assert [g["VpcSecurityGroupId"] for g in cluster["VpcSecurityGroups"]] == [group_id]
    group = fake.boto3("ec2").describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    assert [p["FromPort"] for p in group["IpPermissions"]] == [5439]
    instances = fake.boto3("rds").describe_db_instances()["DBInstances"]
    assert [(d["DBInstanceIdentifier"], d["Engine"], d["DBInstanceClass"]) for d in instances] == [
        ("redshift-hands-on-postgres", "postgres", "db.t4g.micro")]
    assert (fake.count("redshift", "CreateCluster"), fake.count("rds", "CreateDBInstance")) == (1, 1)

    # The user with its managed policies and one key; the bucket with every block on.
    iam = fake.boto3("iam")
    attached = iam.list_attached_user_policies(UserName="redshift-hands-on-analyst")[
        "AttachedPolicies"]
    assert sorted(p["PolicyName"] for p in attached) == ["AmazonRedshiftFullAccess",
                                                         "AmazonS3FullAccess"]
    keys = iam.list_access_keys(UserName="redshift-hands-on-analyst")["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in keys] == [resource(daemon, "AnalystAccessKey")["physical_id"]]
    s3 = fake.boto3("s3")
    assert s3.get_public_access_block(Bucket="redshift-hands-on-data")[
        "PublicAccessBlockConfiguration"] == {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                              "BlockPublicPolicy": True,
                                              "RestrictPublicBuckets": True}
    assert tags_of({"Tags": s3.get_bucket_tagging(Bucket="redshift-hands-on-data")["TagSet"]})[
        "awsreconciled:logical-id"] == "DataBucket"

    # Neither the generated master password nor the key's secret is ever shown.
    manager = fake.boto3("secretsmanager")
    password = json.loads(manager.get_secret_value(SecretId="redshift-hands-on/master")[
        "SecretString"])["password"]
    secret_file = daemon.state / "access-keys" / f"{keys[0]['AccessKeyId']}.secret"
    secret = secret_file.read_text().strip()
    shown = [daemon.get(path).text for path in ("/v1/resources", "/v1/events", "/v1/status")]
    shown += [daemon.get(f"/v1/resources/{logical_id}").text for logical_id in RESOURCES]
    shown += [daemon.stderr()]
    shown += [p.read_text(errors="replace") for p in daemon.state.rglob("*")
              if p.is_file() and p != secret_file]
    assert len(password) >= 20 and len(secret) >= 30
    assert [i for i, text in enumerate(shown) for needle in (password, secret[:20])
            if needle in text] == []
