"""ModifyDBInstance and DeleteDBInstance: both need the instance available.

Changes to class, storage, engine version and the like wait in PendingModifiedValues: for a
maintenance window that never comes, or, with ApplyImmediately, while the instance is
modifying; then they take effect. A new master password shows there as "****" meanwhile.
"""
from ...errors import AwsError
from .. import managed_db
from . import master_secret, snapshots
from .common import SERVICE, instance_of
from .instances import check_password, render
from .lifecycle import PASSWORD_PLACEHOLDER, settle

# Without ApplyImmediately these wait for the maintenance window (PendingModifiedValues).
DEFERRED = ("DBInstanceClass", "AllocatedStorage", "EngineVersion", "MultiAZ", "BackupRetentionPeriod",
            "StorageType", "Iops")
# These apply at once either way.
IMMEDIATE = ("DeletionProtection", "PreferredBackupWindow", "PreferredMaintenanceWindow",
             "AutoMinorVersionUpgrade", "PubliclyAccessible", "CopyTagsToSnapshot")


def _require_available(instance, verb):
    managed_db.require_available(instance, "DBInstanceStatus", "InvalidDBInstanceState",
                                 f"Cannot {verb} DB instance {instance['DBInstanceIdentifier']}")


@SERVICE.op("ModifyDBInstance")
def modify_db_instance(ctx, p):
    settle(ctx)
    instance = instance_of(ctx, p["DBInstanceIdentifier"])
    _require_available(instance, "modify")
    master_secret.check_modify(instance, p)
    if "MasterUserPassword" in p:
        check_password(p)  # then forgotten: only "****" shows that one is on its way
    # Everything is checked; only now change the instance.
    changes = {k: p[k] for k in IMMEDIATE if k in p}
    if "VpcSecurityGroupIds" in p:
        changes["VpcSecurityGroups"] = managed_db.security_groups(p["VpcSecurityGroupIds"])
    instance.update(changes)
    pending = instance["PendingModifiedValues"]
    pending.update({k: p[k] for k in DEFERRED if k in p})
    if "MasterUserPassword" in p:
        pending["MasterUserPassword"] = PASSWORD_PLACEHOLDER
    if p.get("ApplyImmediately") and pending:
        instance["_applying"] = True  # applied when the instance settles (lifecycle.py)
    secret_changed = _change_secret(ctx, instance, p)
    if changes or secret_changed or "MasterUserPassword" in p or instance.get("_applying"):
        managed_db.set_status(ctx, instance, "DBInstanceStatus", "modifying")
    return {"DBInstance": render(ctx, instance)}


def _change_secret(ctx, instance, p):
    """Turn RDS-managed passwords on or off, or rotate; True when something changed."""
    managed_now = "MasterUserSecret" in instance
    if p.get("ManageMasterUserPassword") and not managed_now:
        master_secret.start(ctx, instance, p.get("MasterUserSecretKmsKeyId"))
    elif p.get("ManageMasterUserPassword") is False and managed_now:
        master_secret.drop(ctx, instance)
    elif p.get("RotateMasterUserPassword"):
        master_secret.rotate(ctx, instance)
    else:
        return False
    return True


@SERVICE.op("DeleteDBInstance")
def delete_db_instance(ctx, p):
    settle(ctx)
    instance = instance_of(ctx, p["DBInstanceIdentifier"])
    _require_available(instance, "delete")
    if instance["DeletionProtection"]:
        raise AwsError("InvalidParameterCombination", "Cannot delete protected DB Instance, please disable "
                       "deletion protection and try again.")
    snapshot = managed_db.final_snapshot_name(ctx, p, "FinalDBSnapshotIdentifier", "SkipFinalSnapshot",
                                              "DBSnapshotAlreadyExists")
    if snapshot:
        snapshots.take_final(ctx, instance, snapshot)
    managed_db.set_status(ctx, instance, "DBInstanceStatus", "deleting")
    master_secret.drop_with(ctx, instance)
    return {"DBInstance": render(ctx, instance)}
