"""RDS state, ARNs and lookups the instance, snapshot, subnet group and tag modules share."""
from ...errors import AwsError
from .. import managed_db
from ..registry import Service

# Transitional status -> (status it settles into, None meaning gone; /_fake/config key).
TRANSITIONS = {"creating": ("available", "rds_creating_seconds"),
               "modifying": ("available", "rds_modifying_seconds"),
               "deleting": (None, "rds_deleting_seconds")}
SNAPSHOT_TRANSITIONS = {"creating": ("available", "rds_snapshot_creating_seconds")}


class RdsState:
    def __init__(self, region):
        self.instances = {}      # identifier -> DBInstance record
        self.subnet_groups = {}  # name -> DBSubnetGroup record
        self.snapshots = {}      # identifier -> DBSnapshot record (final snapshots)

    def dump(self):
        return managed_db.dump(db_instances=self.instances, db_subnet_groups=self.subnet_groups,
                               db_snapshots=self.snapshots)


SERVICE = Service("rds", state=RdsState)


def arn(ctx, kind, name):
    return ctx.arn("rds", f"{kind}:{name}", ctx.region)


def instance_of(ctx, identifier, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.instances, identifier, require_visible,
                             AwsError("DBInstanceNotFound", f"DBInstance {identifier} not found.", 404))


def subnet_group_of(ctx, name, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.subnet_groups, name, require_visible, AwsError(
        "DBSubnetGroupNotFoundFault", f"DB subnet group '{name}' does not exist.", 404))


def snapshot_of(ctx, identifier, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.snapshots, identifier, require_visible, AwsError(
        "DBSnapshotNotFound", f"DBSnapshot {identifier} not found.", 404))
