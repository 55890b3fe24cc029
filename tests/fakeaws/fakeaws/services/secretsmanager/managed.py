"""Secrets another service keeps here on a user's behalf (OwningService), such as the master
user passwords RDS manages. Users may read and tag them; changing or deleting them is the
owning service's job (InvalidRequestException otherwise).

Callers pass their context as Secrets Manager sees it: ctx.as_service("secretsmanager").
"""
import json

from .common import add_version, new_secret, secret_of
from .secrets import schedule_deletion


def create(ctx, owner, name, description, value, kms_key_id, tags):
    """A new secret holding value (a dict, stored as JSON) under AWSCURRENT; returns its ARN."""
    secret = new_secret(ctx, name, description, kms_key_id, tags, owning_service=owner)
    secret.update(RotationEnabled=True, RotationRules={"AutomaticallyAfterDays": 7})
    add_version(ctx, secret, None, ("SecretString", json.dumps(value)))
    return secret["ARN"]


def replace_value(ctx, arn, value):
    """A new AWSCURRENT version (the old one becomes AWSPREVIOUS), as a rotation leaves it."""
    secret = secret_of(ctx, arn)
    add_version(ctx, secret, None, ("SecretString", json.dumps(value)))
    secret["LastRotatedDate"] = ctx.now


def current_value(ctx, arn):
    secret = secret_of(ctx, arn, usable=False)
    current = next(v for v in secret["_versions"].values() if "AWSCURRENT" in v["stages"])
    return json.loads(current["value"][1])


def delete(ctx, arn):
    """Gone without a recovery window, as when the owning service drops it."""
    schedule_deletion(ctx, secret_of(ctx, arn, usable=False), 0)


def delete_with_owner(ctx, arn, since, timing):
    """Gone when the owner's deletion, begun at `since`, has lasted the `timing` setting: the
    secret goes with its resource even if nobody asks the owning service in between."""
    secret_of(ctx, arn, usable=False)["_expires"] = (since, timing)
