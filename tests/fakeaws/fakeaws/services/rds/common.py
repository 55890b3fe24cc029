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
        # Passwords are never stored, so a dump cannot leak one.
        return {"db_instances": [managed_db.public(r) for r in self.instances.values()],
                "db_subnet_groups": [managed_db.public(r) for r in self.subnet_groups.values()],
                "final_snapshots": dict(self.final_snapshots)}


SERVICE = Service("rds", state=RdsState)


def settle(ctx):
    managed_db.settle_all(ctx, ctx.state.instances, "DBInstanceStatus", TRANSITIONS)


def arn(ctx, kind, name):
    return ctx.arn("rds", f"{kind}:{name}", ctx.region)


def instance_of(ctx, identifier, require_visible=False):
    found = ctx.state.instances.get(identifier.lower())
    if found is None or (require_visible and not ctx.visible(found["_created"])):
        raise AwsError("DBInstanceNotFound", f"DBInstance {identifier} not found.", 404)
    return found


def subnet_group_of(ctx, name, require_visible=False):
    found = ctx.state.subnet_groups.get(name.lower())
    if found is None or (require_visible and not ctx.visible(found["_created"])):
        raise AwsError("DBSubnetGroupNotFoundFault", f"DB subnet group '{name}' does not exist.", 404)
    return found
