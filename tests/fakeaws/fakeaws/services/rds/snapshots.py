"""DB snapshots: the final snapshot DeleteDBInstance takes (creating -> available after
rds_snapshot_creating_seconds), DescribeDBSnapshots and DeleteDBSnapshot."""
from .. import managed_db
from .common import SERVICE, arn, snapshot_of
from .lifecycle import settle

FILTERS = {
    "db-instance-id": lambda s: (s["DBInstanceIdentifier"], s["_instance_arn"]),
    "db-snapshot-id": lambda s: (s["DBSnapshotIdentifier"],),
    "dbi-resource-id": lambda s: (s["DbiResourceId"],),
    "snapshot-type": lambda s: (s["SnapshotType"],),
    "engine": lambda s: (s["Engine"],),
}


def take_final(ctx, instance, name):
    """Snapshot instance as it is now, under name; tags come along with CopyTagsToSnapshot."""
    group = instance["DBSubnetGroup"] or {}
    snapshot = {
        "DBSnapshotIdentifier": name, "DBInstanceIdentifier": instance["DBInstanceIdentifier"],
        "SnapshotCreateTime": ctx.now, "OriginalSnapshotCreateTime": ctx.now, "Engine": instance["Engine"],
        "EngineVersion": instance["EngineVersion"], "AllocatedStorage": instance["AllocatedStorage"],
        "Status": "creating", "Port": instance["_port"], "AvailabilityZone": instance["AvailabilityZone"],
        "VpcId": group.get("VpcId"), "InstanceCreateTime": instance["InstanceCreateTime"],
        "MasterUsername": instance["MasterUsername"], "LicenseModel": instance["LicenseModel"],
        "SnapshotType": "manual", "PercentProgress": 0, "StorageType": instance["StorageType"],
        "Encrypted": instance["StorageEncrypted"], "DBSnapshotArn": arn(ctx, "snapshot", name),
        "DbiResourceId": instance["DbiResourceId"], "SnapshotTarget": "region",
        "TagList": list(instance["TagList"]) if instance["CopyTagsToSnapshot"] else [],
        "_instance_arn": instance["DBInstanceArn"], "_created": ctx.now,
    }
    managed_db.set_status(ctx, snapshot, "Status", "creating")
    ctx.state.snapshots[name] = snapshot


@SERVICE.op("DescribeDBSnapshots")
def describe_db_snapshots(ctx, p):
    settle(ctx)
    candidates = managed_db.described(ctx, ctx.state.snapshots, p.get("DBSnapshotIdentifier"), snapshot_of)
    candidates = managed_db.where(candidates, DBInstanceIdentifier=managed_db.lowered(p.get("DBInstanceIdentifier")),
                                  SnapshotType=p.get("SnapshotType"), DbiResourceId=p.get("DbiResourceId"))
    candidates = managed_db.filtered(candidates, p.get("Filters", []), FILTERS)
    page, marker = managed_db.page(p, candidates)
    return {"DBSnapshots": [managed_db.public(s) for s in page], "Marker": marker}


@SERVICE.op("DeleteDBSnapshot")
def delete_db_snapshot(ctx, p):
    settle(ctx)
    snapshot = snapshot_of(ctx, p["DBSnapshotIdentifier"])
    managed_db.require_available(snapshot, "Status", "InvalidDBSnapshotState",
                                 f"Cannot delete the snapshot {snapshot['DBSnapshotIdentifier']}")
    del ctx.state.snapshots[snapshot["DBSnapshotIdentifier"]]
    return {"DBSnapshot": {**managed_db.public(snapshot), "Status": "deleted"}}
