"""Cluster snapshots: the final snapshot DeleteCluster takes (creating -> available after
redshift_snapshot_creating_seconds), DescribeClusterSnapshots and DeleteClusterSnapshot."""
from ...errors import AwsError
from .. import managed_db
from .common import SERVICE, settle, snapshot_of, tag_matches


def take_final(ctx, cluster, name, retention_days):
    snapshot = {
        "SnapshotIdentifier": name, "ClusterIdentifier": cluster["ClusterIdentifier"], "SnapshotCreateTime": ctx.now,
        "Port": cluster["_port"], "AvailabilityZone": cluster["AvailabilityZone"],
        "ClusterCreateTime": cluster["ClusterCreateTime"], "MasterUsername": cluster["MasterUsername"],
        "ClusterVersion": cluster["ClusterVersion"], "SnapshotType": "manual", "NodeType": cluster["NodeType"],
        "NumberOfNodes": cluster["NumberOfNodes"], "DBName": cluster["DBName"], "VpcId": cluster["VpcId"],
        "Encrypted": cluster["Encrypted"], "EncryptedWithHSM": False, "OwnerAccount": ctx.account,
        "EnhancedVpcRouting": cluster["EnhancedVpcRouting"], "MaintenanceTrackName": cluster["MaintenanceTrackName"],
        "ManualSnapshotRetentionPeriod": retention_days, "SnapshotRetentionStartTime": ctx.now, "Tags": [],
        "_created": ctx.now,
    }
    managed_db.set_status(ctx, snapshot, "Status", "creating")
    ctx.state.snapshots[name] = snapshot


@SERVICE.op("DescribeClusterSnapshots")
def describe_cluster_snapshots(ctx, p):
    settle(ctx)
    snapshots = managed_db.described(ctx, ctx.state.snapshots, p.get("SnapshotIdentifier"), snapshot_of)
    snapshots = managed_db.where(snapshots, ClusterIdentifier=managed_db.lowered(p.get("ClusterIdentifier")),
                                 SnapshotType=p.get("SnapshotType"))
    if p.get("ClusterExists") is not None:
        snapshots = [s for s in snapshots if (s["ClusterIdentifier"] in ctx.state.clusters) == p["ClusterExists"]]
    snapshots = [s for s in snapshots if tag_matches(s["Tags"], p.get("TagKeys"), p.get("TagValues"))]
    page, marker = managed_db.page(p, snapshots)
    return {"Snapshots": [managed_db.public(s) for s in page], "Marker": marker}


@SERVICE.op("DeleteClusterSnapshot")
def delete_cluster_snapshot(ctx, p):
    settle(ctx)
    snapshot = snapshot_of(ctx, p["SnapshotIdentifier"])
    if p.get("SnapshotClusterIdentifier") and p["SnapshotClusterIdentifier"].lower() != snapshot["ClusterIdentifier"]:
        raise AwsError("ClusterSnapshotNotFound", f"Snapshot {p['SnapshotIdentifier']} not found.", 404)
    managed_db.require_available(snapshot, "Status", "InvalidClusterSnapshotState",
                                 f"Cannot delete the snapshot {snapshot['SnapshotIdentifier']}")
    del ctx.state.snapshots[snapshot["SnapshotIdentifier"]]
    return {"Snapshot": {**managed_db.public(snapshot), "Status": "deleted"}}
