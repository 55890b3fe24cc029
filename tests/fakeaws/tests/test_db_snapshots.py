"""Final snapshots of deleted RDS instances and Redshift clusters, as snapshots one can list."""
import pytest

from .conftest import raises, release

SLOW = {"rds_creating_seconds": 0, "rds_deleting_seconds": 60, "rds_snapshot_creating_seconds": 60,
        "redshift_creating_seconds": 0, "redshift_deleting_seconds": 60, "redshift_snapshot_creating_seconds": 60}


@pytest.fixture
def slow(fake):
    fake.control("POST", "/_fake/config", SLOW)  # deletions and snapshots last until released


def new_instance(rds, name, **extra):
    return rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="postgres",
                                  MasterUsername="admin", MasterUserPassword="Passw0rd-1", AllocatedStorage=20,
                                  **extra)["DBInstance"]


def test_rds_final_snapshot(client, fake, slow):
    rds = client("rds")
    instance = new_instance(rds, "orders", CopyTagsToSnapshot=True, Tags=[{"Key": "team", "Value": "a"}])
    new_instance(rds, "other")
    rds.delete_db_instance(DBInstanceIdentifier="orders", FinalDBSnapshotIdentifier="orders-final")
    raises("DBSnapshotAlreadyExists", 400, rds.delete_db_instance, DBInstanceIdentifier="other",
           FinalDBSnapshotIdentifier="orders-final")
    [snapshot] = rds.describe_db_snapshots(DBInstanceIdentifier="orders")["DBSnapshots"]
    assert (snapshot["DBSnapshotIdentifier"], snapshot["Status"], snapshot["SnapshotType"], snapshot["Engine"]) == \
        ("orders-final", "creating", "manual", "postgres")
    assert snapshot["DBSnapshotArn"] == "arn:aws:rds:us-east-1:123456789012:snapshot:orders-final"
    assert snapshot["DbiResourceId"] == instance["DbiResourceId"] and snapshot["TagList"][0]["Key"] == "team"
    raises("InvalidDBSnapshotState", 400, rds.delete_db_snapshot, DBSnapshotIdentifier="orders-final")
    release(fake, "rds_snapshot_creating_seconds")
    release(fake, "rds_deleting_seconds")
    raises("DBInstanceNotFound", 404, rds.describe_db_instances, DBInstanceIdentifier="orders")
    kept = rds.describe_db_snapshots(DBSnapshotIdentifier="orders-final")["DBSnapshots"][0]
    assert (kept["Status"], kept["PercentProgress"]) == ("available", 100), "it outlives the instance"
    assert rds.describe_db_snapshots(Filters=[{"Name": "db-instance-id", "Values": ["other"]}])["DBSnapshots"] == []
    assert rds.describe_db_snapshots(SnapshotType="automated")["DBSnapshots"] == []
    raises("InvalidParameterValue", 400, rds.describe_db_snapshots, Filters=[{"Name": "bogus", "Values": ["x"]}])
    assert rds.delete_db_snapshot(DBSnapshotIdentifier="orders-final")["DBSnapshot"]["Status"] == "deleted"
    raises("DBSnapshotNotFound", 404, rds.describe_db_snapshots, DBSnapshotIdentifier="orders-final")
    raises("DBSnapshotNotFound", 404, rds.delete_db_snapshot, DBSnapshotIdentifier="orders-final")


def test_redshift_final_snapshot(client, fake, slow):
    redshift = client("redshift")
    redshift.create_cluster(ClusterIdentifier="wh", NodeType="dc2.large", MasterUsername="admin",
                            MasterUserPassword="Passw0rdX")
    redshift.delete_cluster(ClusterIdentifier="wh", FinalClusterSnapshotIdentifier="wh-final",
                            FinalClusterSnapshotRetentionPeriod=7)
    [snapshot] = redshift.describe_cluster_snapshots(ClusterIdentifier="wh")["Snapshots"]
    assert (snapshot["SnapshotIdentifier"], snapshot["Status"], snapshot["SnapshotType"], snapshot["NodeType"]) == \
        ("wh-final", "creating", "manual", "dc2.large")
    assert snapshot["ManualSnapshotRetentionPeriod"] == 7
    raises("InvalidClusterSnapshotState", 400, redshift.delete_cluster_snapshot, SnapshotIdentifier="wh-final")
    assert redshift.describe_cluster_snapshots(ClusterExists=False)["Snapshots"] == [], "the cluster is still there"
    release(fake, "redshift_snapshot_creating_seconds")
    release(fake, "redshift_deleting_seconds")
    gone = redshift.describe_cluster_snapshots(ClusterExists=False)["Snapshots"]
    assert [(s["SnapshotIdentifier"], s["Status"]) for s in gone] == [("wh-final", "available")]
    raises("ClusterSnapshotNotFound", 404, redshift.delete_cluster_snapshot, SnapshotIdentifier="wh-final",
           SnapshotClusterIdentifier="another")
    assert redshift.delete_cluster_snapshot(SnapshotIdentifier="wh-final")["Snapshot"]["Status"] == "deleted"
    raises("ClusterSnapshotNotFound", 404, redshift.describe_cluster_snapshots, SnapshotIdentifier="wh-final")


def test_cli_snapshots(aws_batch, client, fake, slow):
    new_instance(client("rds"), "cli")
    code, _ = aws_batch("rds", "delete-db-instance", "--db-instance-identifier", "cli",
                        "--final-db-snapshot-identifier", "cli-last")
    assert code == 0
    code, out = aws_batch("rds", "describe-db-snapshots", "--db-snapshot-identifier", "cli-last")
    assert code == 0 and out["DBSnapshots"][0]["DBInstanceIdentifier"] == "cli"
    code, err = aws_batch("rds", "delete-db-snapshot", "--db-snapshot-identifier", "cli-last")
    assert code != 0 and "InvalidDBSnapshotState" in err
