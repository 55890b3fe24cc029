"""Master user passwords RDS manages in Secrets Manager (ManageMasterUserPassword).

RDS generates the password and keeps {"username", "password"} in a secret of its own, named
rds!db-<uuid>, tagged aws:rds:primaryDBInstanceArn and aws:secretsmanager:owningService=rds,
which users can read but only RDS changes. The instance shows MasterUserSecret {SecretArn,
SecretStatus, KmsKeyId}: creating (or rotating) while the instance is busy, then active.
Turning management off, or the instance going away, deletes the secret.
"""
import uuid

from ...errors import AwsError
from ..secretsmanager import managed, passwords
from ..secretsmanager.common import default_kms_key_arn

# Characters RDS master passwords may not hold.
EXCLUDED = "/\"@ '"


def _combination(message):
    return AwsError("InvalidParameterCombination", message)


def check_create(p):
    if p.get("ManageMasterUserPassword") and p["Engine"].startswith("aurora"):
        raise _combination("An Aurora DB instance's master user password is managed by its DB cluster.")
    if p.get("ManageMasterUserPassword") and "MasterUserPassword" in p:
        raise _combination("You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.")
    if "MasterUserSecretKmsKeyId" in p and not p.get("ManageMasterUserPassword"):
        raise _combination("MasterUserSecretKmsKeyId is valid only when ManageMasterUserPassword is turned on.")


def check_modify(instance, p):
    """The combinations ModifyDBInstance refuses, given whether the instance manages its password."""
    managed_now = "MasterUserSecret" in instance
    turning = p.get("ManageMasterUserPassword")
    if turning and "MasterUserPassword" in p:
        raise _combination("You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.")
    if turning is False and managed_now and "MasterUserPassword" not in p:
        raise _combination("Specify MasterUserPassword when you turn off ManageMasterUserPassword.")
    if managed_now and turning is None and "MasterUserPassword" in p:
        raise _combination("You can't specify MasterUserPassword while RDS manages the master user password.")
    if "MasterUserSecretKmsKeyId" in p and not (turning and not managed_now):
        raise _combination("MasterUserSecretKmsKeyId is valid only when turning on ManageMasterUserPassword.")
    if p.get("RotateMasterUserPassword"):
        if not managed_now or turning is False:
            raise _combination("RotateMasterUserPassword is valid only when RDS manages the master user password.")
        if not p.get("ApplyImmediately"):
            raise _combination("RotateMasterUserPassword requires ApplyImmediately.")


def _credentials(ctx, instance):
    password = passwords.generate(ctx.world.rng, 28, EXCLUDED)
    return {"username": instance["MasterUsername"], "password": password}


def start(ctx, instance, kms_key_id=None):
    """Create the secret for instance (its status says creating until the instance settles)."""
    arn = managed.create(
        ctx.as_service("secretsmanager"), "rds", f"rds!db-{uuid.UUID(int=ctx.world.rng.getrandbits(128))}",
        f"Secret associated with primary RDS DB instance: {instance['DBInstanceArn']}",
        _credentials(ctx, instance), kms_key_id,
        [{"Key": "aws:rds:primaryDBInstanceArn", "Value": instance["DBInstanceArn"]},
         {"Key": "aws:secretsmanager:owningService", "Value": "rds"}])
    instance["MasterUserSecret"] = {"SecretArn": arn, "SecretStatus": "creating",
                                    "KmsKeyId": kms_key_id or default_kms_key_arn(ctx)}


def rotate(ctx, instance):
    managed.replace_value(ctx.as_service("secretsmanager"), instance["MasterUserSecret"]["SecretArn"],
                          _credentials(ctx, instance))
    instance["MasterUserSecret"]["SecretStatus"] = "rotating"


def drop(ctx, instance):
    """Delete the instance's secret, if it has one, without a recovery window."""
    secret = instance.pop("MasterUserSecret", None)
    if secret is not None:
        managed.delete(ctx.as_service("secretsmanager"), secret["SecretArn"])


def drop_with(ctx, instance):
    """The secret goes when the instance, deleting from now on, is gone (rds_deleting_seconds)."""
    if "MasterUserSecret" in instance:
        managed.delete_with_owner(ctx.as_service("secretsmanager"), instance["MasterUserSecret"]["SecretArn"],
                                  ctx.now, "rds_deleting_seconds")


def settled(instance):
    if "MasterUserSecret" in instance:
        instance["MasterUserSecret"]["SecretStatus"] = "active"
