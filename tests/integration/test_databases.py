"""RDS, Redshift and Secrets Manager through the daemon binary against the fake AWS: per type,
ownership tags set at creation, drift corrected, a create-only edit NeedsReplacement, and the
Delete and Snapshot deletion policies; dynamic references resolved only at write time, and
passwords written on create and when their reference changes, never otherwise."""

import json

import pytest

from harness import wait_until, write_atomically
from test_engine import resource, tags_of, wait_state

ROLE = "arn:aws:iam::123456789012:role/redshift-s3-read"
OTHER_ROLE = "arn:aws:iam::123456789012:role/redshift-spectrum"
DELETE = {"DeletionPolicy": "Delete"}


@pytest.fixture
def quick(fake):
    """Databases, clusters and snapshots settle in 0.3 s; restored for the next test."""
    with fake.configured(lambda before: {key: 0.3 for key in before
                                         if key.startswith(("rds_", "redshift_"))}):
        yield


def network():
    subnet = lambda cidr, zone: {"Type": "AWS::EC2::Subnet", "Properties": {
        "VpcId": {"Ref": "DataVpc"}, "CidrBlock": cidr, "AvailabilityZone": zone}, **DELETE}
    return {"DataVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"},
                        **DELETE},
            "DataSubnetA": subnet("10.1.1.0/24", "us-east-1a"),
            "DataSubnetB": subnet("10.1.2.0/24", "us-east-1b")}


def subnets():
    return [{"Ref": "DataSubnetA"}, {"Ref": "DataSubnetB"}]


def postgres(policy="Delete", **properties):
    return {
        "DbSubnets": {"Type": "AWS::RDS::DBSubnetGroup", "Properties": {
            "DBSubnetGroupDescription": "data subnets", "SubnetIds": subnets()}, **DELETE},
        "Warehouse": {"Type": "AWS::RDS::DBInstance", "Properties": {
            "Engine": "postgres", "DBInstanceClass": "db.t4g.micro", "AllocatedStorage": "20",
            "DBSubnetGroupName": {"Ref": "DbSubnets"}, "DBName": "dagster",
            "MasterUsername": "postgres", "ManageMasterUserPassword": True,
            "BackupRetentionPeriod": 1, **properties}, "DeletionPolicy": policy},
    }


def redshift(password, policy="Delete", **properties):
    return {
        "ClusterSubnets": {"Type": "AWS::Redshift::ClusterSubnetGroup", "Properties": {
            "Description": "data subnets", "SubnetIds": subnets()}, **DELETE},
        "Analytics": {"Type": "AWS::Redshift::Cluster", "Properties": {
            "ClusterType": "single-node", "NodeType": "dc2.large", "DBName": "dev",
            "MasterUsername": "awsuser", "MasterUserPassword": password, "Port": 5439,
            "ClusterSubnetGroupName": {"Ref": "ClusterSubnets"}, "IamRoles": [ROLE],
            **properties}, "DeletionPolicy": policy},
    }


def generated_secret(**generate):
    return {"ClusterSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
        "Name": "analytics/master", "Description": "the cluster's master user",
        "GenerateSecretString": {"SecretStringTemplate": '{"username": "awsuser"}',
                                 "GenerateStringKey": "password", "PasswordLength": 24,
                                 "ExcludePunctuation": True, **generate}}, **DELETE}}


SECRET_PASSWORD = {"Fn::Sub": "{{resolve:secretsmanager:${ClusterSecret}:SecretString:password}}"}


def drop(daemon, resources, name="stack.json"):
    write_atomically(daemon.desired / name, json.dumps({"Resources": resources}))


def start(make_daemon, resources):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, resources)
    for logical_id in resources:
        wait_state(daemon, logical_id, "Ready", timeout=30)
    return daemon


def events(daemon, logical_id, action):
    return [e for e in daemon.get("/v1/events").json()["events"]
            if e["logical_id"] == logical_id and e["action"] == action]


def test_rds_instance_tags_drift_replacement_and_final_snapshot(make_daemon, fake, quick):
    stack = {**network(), **postgres(policy="Snapshot")}
    daemon = start(make_daemon, stack)
    rds = fake.boto3("rds")
    db = rds.describe_db_instances()["DBInstances"][0]
    tags = tags_of({"Tags": db["TagList"]})
    assert tags["awsreconciled:logical-id"] == "Warehouse"
    assert tags["awsreconciled:deletion-policy"] == "Snapshot"
    assert fake.count("rds", "AddTagsToResource") == 0, "tags go in with the create call"
    group = rds.describe_db_subnet_groups()["DBSubnetGroups"][0]
    assert group["DBSubnetGroupName"] == "awsreconciled-dbsubnets"
    assert db["DBSubnetGroup"]["DBSubnetGroupName"] == group["DBSubnetGroupName"]

    # Drift: the retention period changed at the console comes back.
    rds.modify_db_instance(DBInstanceIdentifier=db["DBInstanceIdentifier"],
                           BackupRetentionPeriod=7, ApplyImmediately=True)
    wait_until(lambda: events(daemon, "Warehouse", "drift-corrected"), timeout=20,
               what="drift corrected")
    wait_until(lambda: rds.describe_db_instances()["DBInstances"][0][
        "BackupRetentionPeriod"] == 1, timeout=20, what="retention back to 1")

    # A create-only property edited in the file: reported, nothing touched.
    drop(daemon, {**network(), **postgres(policy="Snapshot", DBName="other")})
    replaced = wait_state(daemon, "Warehouse", "NeedsReplacement")
    assert "/DBName" in replaced["message"]
    assert rds.describe_db_instances()["DBInstances"][0]["DBName"] == "dagster"

    # The file goes: Snapshot deletes after a final snapshot named from owner and logical ID.
    drop(daemon, network())
    wait_until(lambda: not rds.describe_db_instances()["DBInstances"], timeout=30,
               what="instance gone")
    snapshots = rds.describe_db_snapshots()["DBSnapshots"]
    assert len(snapshots) == 1
    assert snapshots[0]["DBSnapshotIdentifier"].startswith("awsreconciled-warehouse-final-")
    wait_until(lambda: not rds.describe_db_subnet_groups()["DBSubnetGroups"], timeout=30,
               what="subnet group deleted after the instance")


def test_rds_delete_policy_takes_no_snapshot(make_daemon, fake, quick):
    daemon = start(make_daemon, {**network(), **postgres()})
    rds = fake.boto3("rds")
    drop(daemon, network())
    wait_until(lambda: not rds.describe_db_instances()["DBInstances"], timeout=30,
               what="instance gone")
    assert rds.describe_db_snapshots()["DBSnapshots"] == []
    assert wait_state(daemon, "Warehouse", "Deleted")


def test_redshift_cluster_with_a_generated_secret_never_shows_the_password(make_daemon, fake,
                                                                          quick):
    stack = {**network(), **generated_secret(), **redshift(SECRET_PASSWORD, policy="Snapshot")}
    daemon = start(make_daemon, stack)
    redshift_client = fake.boto3("redshift")
    cluster = redshift_client.describe_clusters()["Clusters"][0]
    assert [r["IamRoleArn"] for r in cluster["IamRoles"]] == [ROLE]
    assert tags_of(cluster)["awsreconciled:logical-id"] == "Analytics"
    manager = fake.boto3("secretsmanager")
    secret = manager.describe_secret(SecretId="analytics/master")
    assert tags_of(secret)["awsreconciled:logical-id"] == "ClusterSecret"
    # Ownership tags went in with the create calls.
    assert (fake.count("redshift", "CreateTags"), fake.count("secretsmanager", "TagResource")) == (0, 0)
    value = json.loads(manager.get_secret_value(SecretId="analytics/master")["SecretString"])
    assert value["username"] == "awsuser" and len(value["password"]) == 24

    # A steady cycle sends neither the password nor the secret again.
    writes = lambda: (fake.count("redshift", "ModifyCluster"),
                      fake.count("secretsmanager", "PutSecretValue"),
                      fake.count("secretsmanager", "CreateSecret"))
    before = writes()
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 2, timeout=10,
               what="two more cycles")
    assert writes() == before == (0, 0, 1)

    # Drift: a role removed at the console comes back through ModifyClusterIamRoles.
    redshift_client.modify_cluster_iam_roles(ClusterIdentifier=cluster["ClusterIdentifier"],
                                             RemoveIamRoles=[ROLE])
    wait_until(lambda: [r["IamRoleArn"] for r in redshift_client.describe_clusters()[
        "Clusters"][0]["IamRoles"] if r["ApplyStatus"] != "removing"] == [ROLE], timeout=20,
        what="role back")
    # A role added in the file is added in place.
    drop(daemon, {**network(), **generated_secret(),
                  **redshift(SECRET_PASSWORD, policy="Snapshot", IamRoles=[ROLE, OTHER_ROLE])})
    wait_until(lambda: sorted(r["IamRoleArn"] for r in redshift_client.describe_clusters()[
        "Clusters"][0]["IamRoles"]) == [ROLE, OTHER_ROLE], timeout=20, what="second role")

    # A new generation rule makes a new value. The cluster's reference is the same text, so
    # the cluster keeps its password (as documented: change the reference to roll it).
    modifies = fake.count("redshift", "ModifyCluster")
    drop(daemon, {**network(), **generated_secret(PasswordLength=30),
                  **redshift(SECRET_PASSWORD, policy="Snapshot", IamRoles=[ROLE, OTHER_ROLE])})
    wait_until(lambda: fake.count("secretsmanager", "PutSecretValue") == 1, timeout=20,
               what="new secret value")
    new_value = json.loads(manager.get_secret_value(SecretId="analytics/master")["SecretString"])
    assert len(new_value["password"]) == 30
    wait_state(daemon, "ClusterSecret", "Ready")
    assert fake.count("redshift", "ModifyCluster") == modifies

    # The canary: neither password anywhere a person or a log reader can look.
    shown = [daemon.get("/v1/resources").text, daemon.get("/v1/events").text,
             daemon.get("/v1/status").text, daemon.get("/v1/plan").text, daemon.stderr()]
    shown += [daemon.get(f"/v1/resources/{logical_id}").text for logical_id in stack]
    shown += [p.read_text(errors="replace") for p in daemon.state.rglob("*") if p.is_file()]
    for password in (value["password"], new_value["password"]):
        needles = {password, json.dumps(password)[1:-1]}  # as is, and as JSON writes it
        assert [i for i, text in enumerate(shown) for n in needles if n in text] == []

    # Create-only edit, then Snapshot on removal.
    drop(daemon, {**network(), **generated_secret(PasswordLength=30),
                  **redshift(SECRET_PASSWORD, policy="Snapshot", DBName="other")})
    assert "/DBName" in wait_state(daemon, "Analytics", "NeedsReplacement")["message"]
    drop(daemon, {**network(), **generated_secret(PasswordLength=30)})
    wait_until(lambda: not redshift_client.describe_clusters()["Clusters"], timeout=30,
               what="cluster gone")
    snapshots = redshift_client.describe_cluster_snapshots(SnapshotType="manual")["Snapshots"]
    assert [s["SnapshotIdentifier"].startswith("awsreconciled-analytics-final-")
            for s in snapshots] == [True]


def test_an_ssm_reference_is_resolved_when_written_and_sent_again_only_when_it_changes(
        make_daemon, fake, quick):
    ssm = fake.boto3("ssm")
    ssm.put_parameter(Name="/analytics/master", Value="FirstPassw0rd", Type="SecureString")
    ssm.put_parameter(Name="/analytics/next", Value="SecondPassw0rd", Type="SecureString")
    groups = {"VpcSecurityGroupIds": [{"Fn::GetAtt": ["DataVpc", "DefaultSecurityGroup"]}]}
    stack = {**network(), **redshift("{{resolve:ssm-secure:/analytics/master}}", **groups)}
    daemon = start(make_daemon, stack)
    assert fake.count("ssm", "GetParameter") == 1
    cluster = fake.boto3("redshift").describe_clusters()["Clusters"][0]
    default_group = fake.boto3("ec2").describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [resource(daemon, "DataVpc")["physical_id"]]},
        {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
    assert [g["VpcSecurityGroupId"] for g in cluster["VpcSecurityGroups"]] == [default_group]
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 2, timeout=10,
               what="two more cycles")
    assert fake.count("ssm", "GetParameter") == 1, "read only to write"
    assert fake.count("redshift", "ModifyCluster") == 0

    drop(daemon, {**network(), **redshift("{{resolve:ssm-secure:/analytics/next}}", **groups)})
    wait_until(lambda: fake.count("redshift", "ModifyCluster") == 1, timeout=20,
               what="password sent once")
    wait_state(daemon, "Analytics", "Ready", timeout=20)
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 2, timeout=10,
               what="two more cycles")
    assert fake.count("redshift", "ModifyCluster") == 1
    assert fake.count("ssm", "GetParameter") == 2
    shown = [daemon.get("/v1/resources/Analytics").text, daemon.get("/v1/events").text,
             daemon.stderr()] + [p.read_text() for p in daemon.state.rglob("*.json")]
    assert not any("Passw0rd" in text for text in shown)


def test_redshift_delete_policy_takes_no_snapshot_and_drift_is_corrected(make_daemon, fake,
                                                                        quick):
    stack = {**network(), **redshift("Sup3rSecretPass", PubliclyAccessible=False)}
    daemon = start(make_daemon, stack)
    client = fake.boto3("redshift")
    name = client.describe_clusters()["Clusters"][0]["ClusterIdentifier"]
    fake.control("POST", "/_fake/config", {"redshift_modifying_seconds": 3})
    client.modify_cluster(ClusterIdentifier=name, PubliclyAccessible=True)
    # While AWS works on it, it shows Updating with AWS's status and stays usable (Ready).
    busy = wait_state(daemon, "Analytics", "Updating", timeout=20)
    assert "(modifying)" in busy["message"]
    assert [c["status"] for c in busy["conditions"] if c["type"] == "Ready"] == ["True"]
    wait_until(lambda: events(daemon, "Analytics", "drift-corrected"), timeout=20,
               what="drift corrected")
    wait_until(lambda: client.describe_clusters()["Clusters"][0]["PubliclyAccessible"] is False,
               timeout=20, what="private again")
    assert "Sup3rSecretPass" not in daemon.stderr()
    drop(daemon, network())
    wait_until(lambda: not client.describe_clusters()["Clusters"], timeout=30, what="gone")
    assert client.describe_cluster_snapshots(SnapshotType="manual")["Snapshots"] == []


def test_secret_description_drift_and_name_replacement(make_daemon, fake):
    daemon = start(make_daemon, {**network(), **generated_secret()})
    manager = fake.boto3("secretsmanager")
    manager.update_secret(SecretId="analytics/master", Description="changed by hand")
    wait_until(lambda: manager.describe_secret(SecretId="analytics/master")["Description"] ==
               "the cluster's master user", timeout=10, what="description back")
    assert fake.count("secretsmanager", "PutSecretValue") == 0
    renamed = generated_secret()
    renamed["ClusterSecret"]["Properties"]["Name"] = "analytics/other"
    drop(daemon, {**network(), **renamed})
    assert "/Name" in wait_state(daemon, "ClusterSecret", "NeedsReplacement")["message"]
    drop(daemon, network())
    wait_until(lambda: manager.list_secrets()["SecretList"] == [], timeout=10,
               what="secret scheduled for deletion")


def test_subnet_groups_take_back_drift_and_a_new_name_needs_replacement(make_daemon, fake,
                                                                        quick):
    stack = network()
    stack["DataSubnetC"] = {"Type": "AWS::EC2::Subnet", "Properties": {
        "VpcId": {"Ref": "DataVpc"}, "CidrBlock": "10.1.3.0/24",
        "AvailabilityZone": "us-east-1c"}, **DELETE}
    groups = {name: body for name, body in {**postgres(), **redshift("Sup3rSecretPass")}.items()
              if name.endswith("Subnets")}
    daemon = start(make_daemon, {**stack, **groups})
    rds, cluster_api = fake.boto3("rds"), fake.boto3("redshift")
    a, b, c = (resource(daemon, f"DataSubnet{z}")["physical_id"] for z in "ABC")
    rds_group = rds.describe_db_subnet_groups()["DBSubnetGroups"][0]
    assert tags_of({"Tags": rds.list_tags_for_resource(
        ResourceName=rds_group["DBSubnetGroupArn"])["TagList"]})[
        "awsreconciled:logical-id"] == "DbSubnets"
    redshift_group = cluster_api.describe_cluster_subnet_groups()["ClusterSubnetGroups"][0]
    assert tags_of(redshift_group)["awsreconciled:logical-id"] == "ClusterSubnets"
    assert (fake.count("rds", "AddTagsToResource"), fake.count("redshift", "CreateTags")) == (0, 0)

    # Subnets and descriptions changed at the console come back.
    rds.modify_db_subnet_group(DBSubnetGroupName=rds_group["DBSubnetGroupName"],
                               DBSubnetGroupDescription="changed", SubnetIds=[a, c])
    cluster_api.modify_cluster_subnet_group(
        ClusterSubnetGroupName=redshift_group["ClusterSubnetGroupName"], Description="changed",
        SubnetIds=[a, c])

    def seen():
        db = rds.describe_db_subnet_groups()["DBSubnetGroups"][0]
        dw = cluster_api.describe_cluster_subnet_groups()["ClusterSubnetGroups"][0]
        return [(g[description], sorted(s["SubnetIdentifier"] for s in g["Subnets"]))
                for g, description in ((db, "DBSubnetGroupDescription"), (dw, "Description"))]
    wait_until(lambda: seen() == [("data subnets", sorted([a, b]))] * 2, timeout=20,
               what="both subnet groups back")

    # The RDS group's name is create-only.
    renamed = {**groups, "DbSubnets": json.loads(json.dumps(groups["DbSubnets"]))}
    renamed["DbSubnets"]["Properties"]["DBSubnetGroupName"] = "renamed"
    drop(daemon, {**stack, **renamed})
    assert "/DBSubnetGroupName" in wait_state(daemon, "DbSubnets", "NeedsReplacement")["message"]
    assert [g["DBSubnetGroupName"] for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]] == [
        rds_group["DBSubnetGroupName"]]
