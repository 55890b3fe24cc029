import json
import time
import urllib.request

import pytest

from .conftest import raises, release, response_bodies

PASSWORD = "s3cret-Passw0rd"
TIMINGS = {"rds_creating_seconds": 0.2, "rds_modifying_seconds": 0.2, "rds_deleting_seconds": 0.2}
ARN = "arn:aws:rds:us-east-1:123456789012:{}"


@pytest.fixture
def rds(fake, client):
    fake.control("POST", "/_fake/config", TIMINGS)
    return client("rds")


def two_zone_subnets(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return vpc, [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{z}")
                 ["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]


def new_instance(rds, name, **extra):
    args = dict(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="postgres",
                MasterUsername="admin", MasterUserPassword=PASSWORD, AllocatedStorage=20)
    return rds.create_db_instance(**{**args, **extra})["DBInstance"]


def status(rds, name):
    return rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]


def test_instance_lifecycle(rds, client, fake):
    vpc, subnets = two_zone_subnets(client("ec2"))
    rds.create_db_subnet_group(DBSubnetGroupName="DB-Net", DBSubnetGroupDescription="d", SubnetIds=subnets)
    created = new_instance(rds, "App-DB", DBSubnetGroupName="db-net", Tags=[{"Key": "owner", "Value": "t"}])
    assert created["DBInstanceIdentifier"] == "app-db" and created["DBInstanceStatus"] == "creating"
    assert "Endpoint" not in created and created["DBSubnetGroup"]["VpcId"] == vpc
    assert created["DBInstanceArn"] == ARN.format("db:app-db") and created["TagList"][0]["Key"] == "owner"
    assert created["VpcSecurityGroups"][0]["VpcSecurityGroupId"].startswith("sg-")  # the VPC's default group
    raises("DBInstanceAlreadyExists", 400, new_instance, rds=rds, name="app-db")
    raises("InvalidDBInstanceState", 400, rds.delete_db_instance, DBInstanceIdentifier="app-db",
           SkipFinalSnapshot=True)
    time.sleep(0.25)
    ready = status(rds, "app-db")
    assert ready["DBInstanceStatus"] == "available" and ready["Endpoint"]["Port"] == 5432
    assert ready["Endpoint"]["Address"].startswith("app-db.") and "PendingModifiedValues" in ready
    # Without ApplyImmediately a class change waits for the maintenance window.
    later = rds.modify_db_instance(DBInstanceIdentifier="app-db", DBInstanceClass="db.t3.large")["DBInstance"]
    assert later["PendingModifiedValues"] == {"DBInstanceClass": "db.t3.large"}
    assert later["DBInstanceStatus"] == "available"
    now = rds.modify_db_instance(DBInstanceIdentifier="app-db", AllocatedStorage=40, ApplyImmediately=True,
                                 MasterUserPassword="An0ther-pass", DeletionProtection=True)["DBInstance"]
    # While it is modifying, what is being applied shows as pending; the password as ****.
    assert (now["DBInstanceStatus"], now["DBInstanceClass"], now["AllocatedStorage"]) == \
        ("modifying", "db.t3.micro", 20)
    assert now["PendingModifiedValues"] == {"DBInstanceClass": "db.t3.large", "AllocatedStorage": 40,
                                            "MasterUserPassword": "****"}
    assert now["DeletionProtection"] is True, "applies at once"
    raises("InvalidDBInstanceState", 400, rds.modify_db_instance, DBInstanceIdentifier="app-db", MultiAZ=True)
    release(fake, "rds_modifying_seconds")  # from here on a modification settles at once
    done = status(rds, "app-db")
    assert (done["DBInstanceClass"], done["AllocatedStorage"], done["PendingModifiedValues"]) == \
        ("db.t3.large", 40, {})
    raises("InvalidParameterCombination", 400, rds.delete_db_instance, DBInstanceIdentifier="app-db",
           SkipFinalSnapshot=True)  # deletion protection
    rds.modify_db_instance(DBInstanceIdentifier="app-db", DeletionProtection=False)
    raises("InvalidParameterCombination", 400, rds.delete_db_instance, DBInstanceIdentifier="app-db")
    gone = rds.delete_db_instance(DBInstanceIdentifier="app-db", FinalDBSnapshotIdentifier="last")["DBInstance"]
    assert gone["DBInstanceStatus"] == "deleting"
    raises("InvalidDBSubnetGroupStateFault", 400, rds.delete_db_subnet_group, DBSubnetGroupName="db-net")
    time.sleep(0.25)
    raises("DBInstanceNotFound", 404, rds.describe_db_instances, DBInstanceIdentifier="app-db")
    raises("DBInstanceNotFound", 404, rds.delete_db_instance, DBInstanceIdentifier="app-db", SkipFinalSnapshot=True)
    new_instance(rds, "app-db")  # the name is free again
    rds.delete_db_subnet_group(DBSubnetGroupName="db-net")
    raises("DBSubnetGroupNotFoundFault", 404, rds.delete_db_subnet_group, DBSubnetGroupName="db-net")


def test_create_checks(rds):
    raises("InvalidParameterValue", 400, new_instance, rds=rds, name="1-starts-with-digit")
    raises("InvalidParameterValue", 400, new_instance, rds=rds, name="two--hyphens")
    raises("InvalidParameterValue", 400, new_instance, rds=rds, name="db", Engine="nosql")
    raises("InvalidParameterValue", 400, new_instance, rds=rds, name="db", MasterUserPassword="short")
    raises("DBSubnetGroupNotFoundFault", 404, new_instance, rds=rds, name="db", DBSubnetGroupName="nope")
    aurora = rds.create_db_instance(DBInstanceIdentifier="a", DBInstanceClass="db.r6g.large",
                                    Engine="aurora-postgresql")["DBInstance"]
    assert aurora["EngineVersion"] and "MasterUsername" not in aurora


def test_subnet_groups(rds, client):
    ec2 = client("ec2")
    _, subnets = two_zone_subnets(ec2)
    raises("DBSubnetGroupDoesNotCoverEnoughAZs", 400, rds.create_db_subnet_group, DBSubnetGroupName="one",
           DBSubnetGroupDescription="d", SubnetIds=subnets[:1])
    raises("InvalidSubnet", 400, rds.create_db_subnet_group, DBSubnetGroupName="x", DBSubnetGroupDescription="d",
           SubnetIds=["subnet-0000000000000000f", subnets[0]])
    for i in range(23):
        rds.create_db_subnet_group(DBSubnetGroupName=f"g{i:02d}", DBSubnetGroupDescription="d", SubnetIds=subnets)
    raises("DBSubnetGroupAlreadyExists", 400, rds.create_db_subnet_group, DBSubnetGroupName="g00",
           DBSubnetGroupDescription="d", SubnetIds=subnets)
    one = rds.describe_db_subnet_groups(DBSubnetGroupName="g00")["DBSubnetGroups"][0]
    assert one["DBSubnetGroupArn"] == ARN.format("subgrp:g00") and len(one["Subnets"]) == 2
    assert one["Subnets"][0]["SubnetAvailabilityZone"]["Name"] == "us-east-1a"
    pages = list(rds.get_paginator("describe_db_subnet_groups").paginate(PaginationConfig={"PageSize": 20}))
    assert [len(p["DBSubnetGroups"]) for p in pages] == [20, 3]
    raises("DBSubnetGroupNotFoundFault", 404, rds.describe_db_subnet_groups, DBSubnetGroupName="nope")


def test_describe_pages_and_filters(rds):
    for i in range(22):
        new_instance(rds, f"db{i:02d}", Engine="mysql" if i % 2 else "postgres")
    first = rds.describe_db_instances(MaxRecords=20)
    assert len(first["DBInstances"]) == 20 and first["Marker"]
    rest = rds.describe_db_instances(MaxRecords=20, Marker=first["Marker"])
    assert len(rest["DBInstances"]) == 2 and "Marker" not in rest
    names = [i["DBInstanceIdentifier"] for p in rds.get_paginator("describe_db_instances").paginate()
             for i in p["DBInstances"]]
    assert names == [f"db{i:02d}" for i in range(22)]
    raises("InvalidParameterValue", 400, rds.describe_db_instances, MaxRecords=10)
    mysql = rds.describe_db_instances(Filters=[{"Name": "engine", "Values": ["mysql"]}])["DBInstances"]
    assert len(mysql) == 11 and {i["Engine"] for i in mysql} == {"mysql"}
    by_arn = rds.describe_db_instances(Filters=[{"Name": "db-instance-id", "Values": [ARN.format("db:db03")]}])
    assert [i["DBInstanceIdentifier"] for i in by_arn["DBInstances"]] == ["db03"]
    raises("InvalidParameterValue", 400, rds.describe_db_instances, Filters=[{"Name": "bogus", "Values": ["x"]}])


def test_tags_by_arn(rds, client):
    new_instance(rds, "tagged", Tags=[{"Key": "a", "Value": "1"}])
    arn = ARN.format("db:tagged")
    rds.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}])
    assert rds.list_tags_for_resource(ResourceName=arn)["TagList"] == [{"Key": "a", "Value": "2"},
                                                                       {"Key": "b", "Value": "3"}]
    rds.remove_tags_from_resource(ResourceName=arn, TagKeys=["a"])
    assert status(rds, "tagged")["TagList"] == [{"Key": "b", "Value": "3"}]
    raises("DBInstanceNotFound", 404, rds.list_tags_for_resource, ResourceName=ARN.format("db:ghost"))
    raises("DBSubnetGroupNotFoundFault", 404, rds.add_tags_to_resource, ResourceName=ARN.format("subgrp:ghost"),
           Tags=[{"Key": "k", "Value": "v"}])
    raises("InvalidParameterValue", 400, rds.list_tags_for_resource, ResourceName="arn:aws:rds:eu-west-1:1:db:x")
    _, subnets = two_zone_subnets(client("ec2"))
    rds.create_db_subnet_group(DBSubnetGroupName="net", DBSubnetGroupDescription="d", SubnetIds=subnets,
                               Tags=[{"Key": "k", "Value": "v"}])
    assert rds.list_tags_for_resource(ResourceName=ARN.format("subgrp:net"))["TagList"] == [{"Key": "k", "Value": "v"}]


def test_wire_failures(rds, client, fake):
    raises("SignatureDoesNotMatch", 403, client("rds", aws_secret_access_key="wrong").describe_db_instances)
    raises("ValidationError", 400, client("rds", validate=False).create_db_instance, DBInstanceIdentifier="x")
    raises("ValidationError", 400, client("rds", validate=False).describe_db_instances, MaxRecords="many")
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "throttle", "count": 1, "service": "rds"}]})
    raises("Throttling", 400, rds.describe_db_instances)
    assert rds.describe_db_instances()["DBInstances"] == []
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "error", "status": 503, "count": 1}]})
    raises("ServiceUnavailable", 503, rds.describe_db_subnet_groups)
    fake.control("POST", "/_fake/faults", {"consistency_lag": {"rds": 5}})
    new_instance(rds, "fresh")  # exists, but describes do not show it yet
    assert rds.describe_db_instances()["DBInstances"] == []
    raises("DBInstanceNotFound", 404, rds.describe_db_instances, DBInstanceIdentifier="fresh")


def test_password_never_shown(rds, fake):
    with response_bodies(rds, "rds") as bodies:
        new_instance(rds, "secret")
        time.sleep(0.25)
        rds.modify_db_instance(DBInstanceIdentifier="secret", MasterUserPassword="N3w-" + PASSWORD)
        rds.describe_db_instances()
    with urllib.request.urlopen(fake.url + "/_fake/state") as response:
        bodies.append(response.read())
    assert len(bodies) == 4 and not any(PASSWORD.encode() in body for body in bodies)
    assert "secret" in json.dumps(fake.control("GET", "/_fake/state")["rds/us-east-1"])


def test_cli_rds(aws_batch, aws, client, fake):
    # Transitions last until released, so slow CLI calls cannot outrun them.
    fake.control("POST", "/_fake/config", {key: 60 for key in TIMINGS})
    _, subnets = two_zone_subnets(client("ec2"))
    assert aws_batch("rds", "create-db-subnet-group", "--db-subnet-group-name", "net",
                     "--db-subnet-group-description", "d", "--subnet-ids", *subnets)[0] == 0
    for i in range(20):
        client("rds").create_db_subnet_group(DBSubnetGroupName=f"more{i}", DBSubnetGroupDescription="d",
                                             SubnetIds=subnets)
    code, out = aws_batch("rds", "describe-db-subnet-groups", "--page-size", "20")  # the CLI follows Marker
    assert code == 0 and len(out["DBSubnetGroups"]) == 21 and out["DBSubnetGroups"][0]["DBSubnetGroupName"] == "net"
    code, out = aws_batch("rds", "create-db-instance", "--db-instance-identifier", "cli", "--engine", "mysql",
                          "--db-instance-class", "db.t3.micro", "--master-username", "admin",
                          "--master-user-password", PASSWORD, "--allocated-storage", "20",
                          "--db-subnet-group-name", "net", "--tags", "Key=team,Value=x")
    assert code == 0 and out["DBInstance"]["DBInstanceStatus"] == "creating"
    arn = out["DBInstance"]["DBInstanceArn"]
    assert aws_batch("rds", "add-tags-to-resource", "--resource-name", arn, "--tags", "Key=b,Value=2")[0] == 0
    assert aws_batch("rds", "remove-tags-from-resource", "--resource-name", arn, "--tag-keys", "team")[0] == 0
    code, out = aws_batch("rds", "list-tags-for-resource", "--resource-name", arn)
    assert code == 0 and out["TagList"] == [{"Key": "b", "Value": "2"}]
    release(fake, "rds_creating_seconds")
    code, out = aws("rds", "describe-db-instances", "--db-instance-identifier", "cli")  # the real binary too
    assert code == 0 and out["DBInstances"][0]["Endpoint"]["Port"] == 3306
    code, out = aws_batch("rds", "modify-db-instance", "--db-instance-identifier", "cli", "--apply-immediately",
                          "--allocated-storage", "30")
    assert code == 0 and out["DBInstance"]["DBInstanceStatus"] == "modifying"
    release(fake, "rds_modifying_seconds")
    code, out = aws_batch("rds", "delete-db-instance", "--db-instance-identifier", "cli", "--skip-final-snapshot")
    assert code == 0 and out["DBInstance"]["DBInstanceStatus"] == "deleting"
    code, err = aws_batch("rds", "delete-db-subnet-group", "--db-subnet-group-name", "net")
    assert code != 0 and "InvalidDBSubnetGroupStateFault" in err
    release(fake, "rds_deleting_seconds")
    assert aws_batch("rds", "delete-db-subnet-group", "--db-subnet-group-name", "net")[0] == 0
    code, err = aws_batch("rds", "describe-db-instances", "--db-instance-identifier", "cli")
    assert code != 0 and "DBInstanceNotFound" in err


def test_modify_db_subnet_group(rds, client):
    ec2 = client("ec2")
    vpc, subnets = two_zone_subnets(ec2)
    third = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.3.0/24", AvailabilityZone="us-east-1c")["Subnet"]
    rds.create_db_subnet_group(DBSubnetGroupName="net", DBSubnetGroupDescription="d", SubnetIds=subnets)
    changed = rds.modify_db_subnet_group(DBSubnetGroupName="net", DBSubnetGroupDescription="two of three",
                                         SubnetIds=[subnets[0], third["SubnetId"]])["DBSubnetGroup"]
    assert changed["DBSubnetGroupDescription"] == "two of three"
    assert sorted(s["SubnetIdentifier"] for s in changed["Subnets"]) == sorted([subnets[0], third["SubnetId"]])
    raises("DBSubnetGroupDoesNotCoverEnoughAZs", 400, rds.modify_db_subnet_group, DBSubnetGroupName="net",
           SubnetIds=subnets[:1])
    raises("DBSubnetGroupNotFoundFault", 404, rds.modify_db_subnet_group, DBSubnetGroupName="nope",
           SubnetIds=subnets)
