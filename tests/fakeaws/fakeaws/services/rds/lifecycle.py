"""Moving RDS records along their lifecycles, evaluated at each request: instances (creating,
modifying, deleting) and their final snapshots (creating). What settles with an instance:
modifications being applied leave PendingModifiedValues and its managed secret turns active."""
from .. import managed_db
from . import master_secret
from .common import SNAPSHOT_TRANSITIONS, TRANSITIONS

# What PendingModifiedValues shows for a new password, never the password.
PASSWORD_PLACEHOLDER = "****"


def settle(ctx):
    managed_db.settle_all(ctx, ctx.state.instances, "DBInstanceStatus", TRANSITIONS,
                          lambda instance, status: _settled(ctx, instance, status))
    managed_db.settle_all(ctx, ctx.state.snapshots, "Status", SNAPSHOT_TRANSITIONS,
                          lambda snapshot, status: snapshot.update(PercentProgress=100))


def _settled(ctx, instance, status):
    if status is None:
        return  # its secret, if any, went at the same moment (master_secret.drop_with)
    pending = instance["PendingModifiedValues"]
    pending.pop("MasterUserPassword", None)
    if instance.pop("_applying", False):  # ApplyImmediately: what was pending is now in effect
        instance.update(pending)
        pending.clear()
    master_secret.settled(instance)
