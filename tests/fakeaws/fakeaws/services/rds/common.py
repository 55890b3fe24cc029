"""RDS state, ARNs and lookups the instance, subnet group and tag modules share."""
from ...errors import AwsError
from .. import managed_db
from ..registry import Service

# Transitional status -> (status it settles into, None meaning gone; /_fake/config key).
TRANSITIONS = {"creating": ("available", "rds_creating_seconds"),
               "modifying": ("available", "rds_modifying_seconds"),
               "deleting": (None, "rds_deleting_seconds")}


class RdsState:
    def __init__(self, region):
        self.instances = {}        # identifier -> DBInstance record
        self.subnet_groups = {}    # name -> DBSubnetGroup record
        self.final_snapshots = {}  # snapshot identifier -> the instance it was taken of

    def dump(self):
        return managed_db.dump(self.final_snapshots, db_instances=self.instances,
                               db_subnet_groups=self.subnet_groups)


SERVICE = Service("rds", state=RdsState)


def settle(ctx):
    managed_db.settle_all(ctx, ctx.state.instances, "DBInstanceStatus", TRANSITIONS)


def arn(ctx, kind, name):
    return ctx.arn("rds", f"{kind}:{name}", ctx.region)


def instance_of(ctx, identifier, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.instances, identifier, require_visible,
                             AwsError("DBInstanceNotFound", f"DBInstance {identifier} not found.", 404))


def subnet_group_of(ctx, name, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.subnet_groups, name, require_visible, AwsError(
        "DBSubnetGroupNotFoundFault", f"DB subnet group '{name}' does not exist.", 404))
