"""Redshift cluster IAM roles: IamRoles on create, ApplyStatus adding -> in-sync, ModifyClusterIamRoles."""
import pytest

from .conftest import raises, release

ROLE = "arn:aws:iam::123456789012:role/redshift-{}"


@pytest.fixture
def redshift(fake, client):
    fake.control("POST", "/_fake/config", {"redshift_creating_seconds": 0, "redshift_modifying_seconds": 60,
                                           "redshift_iam_role_seconds": 60})
    return client("redshift")


def roles(redshift, name="wh"):
    cluster = redshift.describe_clusters(ClusterIdentifier=name)["Clusters"][0]
    return {r["IamRoleArn"]: r["ApplyStatus"] for r in cluster["IamRoles"]}, cluster


def new_cluster(redshift, **extra):
    return redshift.create_cluster(ClusterIdentifier="wh", NodeType="dc2.large", MasterUsername="admin",
                                   MasterUserPassword="Passw0rdX", **extra)["Cluster"]


def test_roles_on_create_and_modify(redshift, fake):
    created = new_cluster(redshift, IamRoles=[ROLE.format("s3"), ROLE.format("glue")],
                          DefaultIamRoleArn=ROLE.format("s3"))
    assert [r["ApplyStatus"] for r in created["IamRoles"]] == ["adding", "adding"]
    assert created["DefaultIamRoleArn"] == ROLE.format("s3")
    release(fake, "redshift_iam_role_seconds")
    assert roles(redshift)[0] == {ROLE.format("s3"): "in-sync", ROLE.format("glue"): "in-sync"}
    fake.control("POST", "/_fake/config", {"redshift_iam_role_seconds": 60})
    changed = redshift.modify_cluster_iam_roles(ClusterIdentifier="wh", AddIamRoles=[ROLE.format("spectrum")],
                                                RemoveIamRoles=[ROLE.format("s3")])["Cluster"]
    assert changed["ClusterStatus"] == "modifying"
    assert {r["IamRoleArn"]: r["ApplyStatus"] for r in changed["IamRoles"]} == {
        ROLE.format("s3"): "removing", ROLE.format("glue"): "in-sync", ROLE.format("spectrum"): "adding"}
    assert "DefaultIamRoleArn" not in changed, "the default role was removed"
    raises("InvalidClusterState", 400, redshift.modify_cluster_iam_roles, ClusterIdentifier="wh",
           AddIamRoles=[ROLE.format("late")])
    release(fake, "redshift_iam_role_seconds")
    release(fake, "redshift_modifying_seconds")
    current, cluster = roles(redshift)
    assert current == {ROLE.format("glue"): "in-sync", ROLE.format("spectrum"): "in-sync"}
    assert cluster["ClusterStatus"] == "available"
    redshift.modify_cluster_iam_roles(ClusterIdentifier="wh", DefaultIamRoleArn=ROLE.format("glue"))
    assert roles(redshift)[1]["DefaultIamRoleArn"] == ROLE.format("glue")


def test_role_checks(redshift):
    raises("InvalidParameterValue", 400, new_cluster, redshift=redshift, IamRoles=["not-an-arn"])
    raises("InvalidParameterValue", 400, new_cluster, redshift=redshift, IamRoles=[ROLE.format("a")],
           DefaultIamRoleArn=ROLE.format("b"))
    raises("ClusterNotFound", 404, redshift.modify_cluster_iam_roles, ClusterIdentifier="ghost",
           AddIamRoles=[ROLE.format("a")])
    new_cluster(redshift)
    raises("InvalidParameterValue", 400, redshift.modify_cluster_iam_roles, ClusterIdentifier="wh",
           AddIamRoles=[ROLE.format("a")], DefaultIamRoleArn=ROLE.format("b"))
    assert roles(redshift)[0] == {}, "a refused change changes nothing"


def test_cli_modify_cluster_iam_roles(aws_batch, redshift, fake):
    new_cluster(redshift)
    code, out = aws_batch("redshift", "modify-cluster-iam-roles", "--cluster-identifier", "wh",
                          "--add-iam-roles", ROLE.format("cli"))
    assert code == 0 and out["Cluster"]["IamRoles"] == [{"IamRoleArn": ROLE.format("cli"), "ApplyStatus": "adding"}]
    release(fake, "redshift_iam_role_seconds")
    code, out = aws_batch("redshift", "describe-clusters", "--cluster-identifier", "wh")
    assert code == 0 and out["Clusters"][0]["IamRoles"][0]["ApplyStatus"] == "in-sync"
