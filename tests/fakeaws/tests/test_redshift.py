import urllib.request

import pytest

from .conftest import raises, release, response_bodies

PASSWORD = "S3cretPassw0rd"
TIMINGS = {"redshift_creating_seconds": 0.2, "redshift_modifying_seconds": 0.2, "redshift_deleting_seconds": 0.2}
ARN = "arn:aws:redshift:us-east-1:123456789012:{}"


@pytest.fixture
def redshift(fake, client):
    fake.control("POST", "/_fake/config", TIMINGS)
    return client("redshift")


def subnets(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return vpc, [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24")["Subnet"]["SubnetId"] for i in (1, 2)]


def new_cluster(redshift, name, **extra):
    args = dict(ClusterIdentifier=name, NodeType="dc2.large", MasterUsername="admin", MasterUserPassword=PASSWORD)
    return redshift.create_cluster(**{**args, **extra})["Cluster"]


def described(redshift, name):
    return redshift.describe_clusters(ClusterIdentifier=name)["Clusters"][0]


def hold_transitions(fake):
    """Each transition lasts until released: slow calls (a CLI, a loaded machine running the
    suites in parallel) cannot outrun one."""
    fake.control("POST", "/_fake/config", {key: 60 for key in TIMINGS})


def test_cluster_lifecycle(redshift, client, fake):
    hold_transitions(fake)
    vpc, subnet_ids = subnets(client("ec2"))
    redshift.create_cluster_subnet_group(ClusterSubnetGroupName="Net", Description="d", SubnetIds=subnet_ids)
    created = new_cluster(redshift, "Warehouse", ClusterSubnetGroupName="net", NumberOfNodes=2,
                          Tags=[{"Key": "owner", "Value": "t"}])
    assert (created["ClusterIdentifier"], created["ClusterStatus"], created["NumberOfNodes"]) == \
        ("warehouse", "creating", 2)
    assert "Endpoint" not in created and created["VpcId"] == vpc and created["Tags"][0]["Key"] == "owner"
    assert created["VpcSecurityGroups"][0]["VpcSecurityGroupId"].startswith("sg-")  # the VPC's default group
    raises("ClusterAlreadyExists", 400, new_cluster, redshift=redshift, name="warehouse")
    raises("InvalidClusterState", 400, redshift.delete_cluster, ClusterIdentifier="warehouse",
           SkipFinalClusterSnapshot=True)
    release(fake, "redshift_creating_seconds")
    ready = described(redshift, "warehouse")
    assert ready["ClusterStatus"] == "available" and ready["ClusterAvailabilityStatus"] == "Available"
    assert ready["Endpoint"]["Port"] == 5439 and ready["Endpoint"]["Address"].startswith("warehouse.")
    resized = redshift.modify_cluster(ClusterIdentifier="warehouse", NumberOfNodes=4)["Cluster"]
    assert (resized["ClusterStatus"], resized["NumberOfNodes"]) == ("resizing", 4)
    raises("InvalidClusterState", 400, redshift.modify_cluster, ClusterIdentifier="warehouse", Encrypted=True)
    release(fake, "redshift_modifying_seconds")  # from here on a modification settles at once
    renamed = redshift.modify_cluster(ClusterIdentifier="warehouse", NewClusterIdentifier="wh2",
                                      MasterUserPassword="N3wPassword", PubliclyAccessible=True)["Cluster"]
    assert (renamed["ClusterIdentifier"], renamed["ClusterStatus"]) == ("wh2", "modifying")
    raises("ClusterNotFound", 404, described, redshift=redshift, name="warehouse")
    raises("InvalidParameterCombination", 400, redshift.delete_cluster, ClusterIdentifier="wh2")
    gone = redshift.delete_cluster(ClusterIdentifier="wh2", FinalClusterSnapshotIdentifier="final")["Cluster"]
    assert gone["ClusterStatus"] == "deleting"
    raises("InvalidClusterSubnetGroupStateFault", 400, redshift.delete_cluster_subnet_group,
           ClusterSubnetGroupName="net")
    release(fake, "redshift_deleting_seconds")
    raises("ClusterNotFound", 404, redshift.delete_cluster, ClusterIdentifier="wh2", SkipFinalClusterSnapshot=True)
    redshift.delete_cluster_subnet_group(ClusterSubnetGroupName="net")
    raises("ClusterSubnetGroupNotFoundFault", 400, redshift.delete_cluster_subnet_group, ClusterSubnetGroupName="net")


def test_create_checks(redshift):
    raises("InvalidParameterValue", 400, new_cluster, redshift=redshift, name="ends-with-")
    raises("InvalidParameterValue", 400, new_cluster, redshift=redshift, name="c", NodeType="huge")
    raises("InvalidParameterValue", 400, new_cluster, redshift=redshift, name="c", MasterUserPassword="alllower1")
    raises("InvalidParameterCombination", 400, new_cluster, redshift=redshift, name="c", ClusterType="multi-node")
    raises("ClusterSubnetGroupNotFoundFault", 400, new_cluster, redshift=redshift, name="c",
           ClusterSubnetGroupName="nope")
    raises("InvalidTagFault", 400, redshift.create_tags, ResourceName=ARN.format("cluster:c"),
           Tags=[{"Key": "aws:x", "Value": "1"}])


def test_subnet_groups(redshift, client):
    _, subnet_ids = subnets(client("ec2"))
    raises("InvalidSubnet", 400, redshift.create_cluster_subnet_group, ClusterSubnetGroupName="x",
           Description="d", SubnetIds=["subnet-0000000000000000f"])
    for i in range(21):
        redshift.create_cluster_subnet_group(ClusterSubnetGroupName=f"g{i:02d}", Description="d",
                                             SubnetIds=subnet_ids, Tags=[{"Key": "n", "Value": str(i % 2)}])
    raises("ClusterSubnetGroupAlreadyExists", 400, redshift.create_cluster_subnet_group,
           ClusterSubnetGroupName="g00", Description="d", SubnetIds=subnet_ids)
    group = redshift.describe_cluster_subnet_groups(ClusterSubnetGroupName="g00")["ClusterSubnetGroups"][0]
    assert group["SubnetGroupStatus"] == "Complete" and len(group["Subnets"]) == 2
    pages = list(redshift.get_paginator("describe_cluster_subnet_groups").paginate(PaginationConfig={"PageSize": 20}))
    assert [len(p["ClusterSubnetGroups"]) for p in pages] == [20, 1]
    odd = redshift.describe_cluster_subnet_groups(TagKeys=["n"], TagValues=["1"])["ClusterSubnetGroups"]
    assert len(odd) == 10
    raises("ClusterSubnetGroupNotFoundFault", 400, redshift.describe_cluster_subnet_groups,
           ClusterSubnetGroupName="nope")


def test_describe_pages_and_tag_filters(redshift):
    for i in range(21):
        new_cluster(redshift, f"c{i:02d}", Tags=[{"Key": "team", "Value": "a" if i < 5 else "b"}])
    first = redshift.describe_clusters(MaxRecords=20)
    assert len(first["Clusters"]) == 20 and first["Marker"]
    assert [c["ClusterIdentifier"] for c in redshift.describe_clusters(Marker=first["Marker"])["Clusters"]] == ["c20"]
    names = [c["ClusterIdentifier"] for p in redshift.get_paginator("describe_clusters").paginate()
             for c in p["Clusters"]]
    assert names == [f"c{i:02d}" for i in range(21)]
    raises("InvalidParameterValue", 400, redshift.describe_clusters, MaxRecords=101)
    assert len(redshift.describe_clusters(TagKeys=["team"], TagValues=["a"])["Clusters"]) == 5
    assert redshift.describe_clusters(TagKeys=["other"])["Clusters"] == []
    raises("ClusterNotFound", 404, redshift.describe_clusters, ClusterIdentifier="ghost")


def test_tags_by_arn(redshift):
    new_cluster(redshift, "tagged", Tags=[{"Key": "a", "Value": "1"}])
    arn = ARN.format("cluster:tagged")
    redshift.create_tags(ResourceName=arn, Tags=[{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}])
    listed = redshift.describe_tags(ResourceName=arn)["TaggedResources"]
    assert [(t["Tag"]["Key"], t["Tag"]["Value"], t["ResourceType"]) for t in listed] == [("a", "2", "cluster"),
                                                                                      ("b", "3", "cluster")]
    redshift.delete_tags(ResourceName=arn, TagKeys=["a"])
    assert described(redshift, "tagged")["Tags"] == [{"Key": "b", "Value": "3"}]
    assert redshift.describe_tags(ResourceType="cluster", TagKeys=["b"])["TaggedResources"][0]["ResourceName"] == arn
    assert redshift.describe_tags(ResourceType="Subnet group")["TaggedResources"] == []
    raises("ResourceNotFoundFault", 404, redshift.create_tags, ResourceName=ARN.format("cluster:ghost"),
           Tags=[{"Key": "k", "Value": "v"}])
    raises("ResourceNotFoundFault", 404, redshift.describe_tags, ResourceName=ARN.format("subnetgroup:ghost"))
    raises("TagLimitExceededFault", 400, redshift.create_tags, ResourceName=arn,
           Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])


def test_wire_failures_and_secrets(redshift, client, fake):
    raises("SignatureDoesNotMatch", 403, client("redshift", aws_secret_access_key="wrong").describe_clusters)
    raises("ValidationError", 400, client("redshift", validate=False).create_cluster, ClusterIdentifier="x",
           NodeType="dc2.large", MasterUsername="admin")
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "throttle", "count": 1, "service": "redshift",
                                                      "operation": "DescribeClusters"}]})
    raises("Throttling", 400, redshift.describe_clusters)
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "error", "status": 500, "count": 1,
                                                      "service": "redshift"}]})
    raises("InternalFailure", 500, redshift.describe_tags)
    with response_bodies(redshift, "redshift") as bodies:
        new_cluster(redshift, "secret")
        assert redshift.describe_clusters()["Clusters"][0]["ClusterIdentifier"] == "secret"
    with urllib.request.urlopen(fake.url + "/_fake/state") as response:
        bodies.append(response.read())
    assert len(bodies) == 3 and b"secret" in bodies[-1] and not any(PASSWORD.encode() in b for b in bodies)


def test_cli_redshift(aws_batch, client, fake):
    hold_transitions(fake)
    _, subnet_ids = subnets(client("ec2"))
    assert aws_batch("redshift", "create-cluster-subnet-group", "--cluster-subnet-group-name", "net",
                     "--description", "d", "--subnet-ids", *subnet_ids)[0] == 0
    for i in range(20):
        client("redshift").create_cluster_subnet_group(ClusterSubnetGroupName=f"more{i}", Description="d",
                                                       SubnetIds=subnet_ids)
    code, out = aws_batch("redshift", "describe-cluster-subnet-groups", "--page-size", "20")  # follows Marker
    assert code == 0 and len(out["ClusterSubnetGroups"]) == 21
    assert out["ClusterSubnetGroups"][0]["ClusterSubnetGroupName"] == "net"
    code, out = aws_batch("redshift", "create-cluster", "--cluster-identifier", "cli", "--node-type", "ra3.xlplus",
                          "--master-username", "admin", "--master-user-password", PASSWORD,
                          "--cluster-subnet-group-name", "net", "--tags", "Key=team,Value=x")
    assert code == 0 and out["Cluster"]["ClusterStatus"] == "creating"
    arn = ARN.format("cluster:cli")
    assert aws_batch("redshift", "create-tags", "--resource-name", arn, "--tags", "Key=b,Value=2")[0] == 0
    assert aws_batch("redshift", "delete-tags", "--resource-name", arn, "--tag-keys", "team")[0] == 0
    code, out = aws_batch("redshift", "describe-tags", "--resource-name", arn)
    assert code == 0 and [t["Tag"] for t in out["TaggedResources"]] == [{"Key": "b", "Value": "2"}]
    release(fake, "redshift_creating_seconds")
    code, out = aws_batch("redshift", "describe-clusters", "--cluster-identifier", "cli")
    assert code == 0 and out["Clusters"][0]["Endpoint"]["Port"] == 5439
    code, out = aws_batch("redshift", "modify-cluster", "--cluster-identifier", "cli", "--number-of-nodes", "2",
                          "--cluster-type", "multi-node")
    assert code == 0 and out["Cluster"]["ClusterStatus"] == "resizing"
    release(fake, "redshift_modifying_seconds")
    code, out = aws_batch("redshift", "delete-cluster", "--cluster-identifier", "cli",
                          "--skip-final-cluster-snapshot")
    assert code == 0 and out["Cluster"]["ClusterStatus"] == "deleting"
    code, err = aws_batch("redshift", "delete-cluster-subnet-group", "--cluster-subnet-group-name", "net")
    assert code != 0 and "InvalidClusterSubnetGroupStateFault" in err
    release(fake, "redshift_deleting_seconds")
    assert aws_batch("redshift", "delete-cluster-subnet-group", "--cluster-subnet-group-name", "net")[0] == 0
    code, err = aws_batch("redshift", "describe-clusters", "--cluster-identifier", "cli")
    assert code != 0 and "ClusterNotFound" in err


def test_modify_cluster_subnet_group(redshift, client):
    ec2 = client("ec2")
    vpc, subnet_ids = subnets(ec2)
    _, elsewhere = subnets(ec2)
    redshift.create_cluster_subnet_group(ClusterSubnetGroupName="net", Description="d", SubnetIds=subnet_ids)
    changed = redshift.modify_cluster_subnet_group(ClusterSubnetGroupName="net", Description="one",
                                                   SubnetIds=subnet_ids[:1])["ClusterSubnetGroup"]
    assert changed["Description"] == "one" and len(changed["Subnets"]) == 1 and changed["VpcId"] == vpc
    raises("InvalidSubnet", 400, redshift.modify_cluster_subnet_group, ClusterSubnetGroupName="net",
           SubnetIds=elsewhere)
    raises("ClusterSubnetGroupNotFoundFault", 400, redshift.modify_cluster_subnet_group,
           ClusterSubnetGroupName="nope", SubnetIds=subnet_ids)
