"""Secrets Manager state, lookups by name or ARN, versions and staging labels, and the
recovery window a deleted secret waits out.

Secret values live only in each secret's `_versions`: GetSecretValue is the one response that
carries them, and neither /_fake/state nor the call log can show one.
"""
import datetime
import re
import uuid

from ...errors import AwsError
from ..registry import Service

NOT_FOUND = "Secrets Manager can't find the specified secret."
MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."
_ARN_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


class SecretsState:
    def __init__(self, region):
        self.secrets = {}  # name -> secret record, in creation order

    def dump(self):
        return {"secrets": [public(s) for s in self.secrets.values()]}


SERVICE = Service("secretsmanager", state=SecretsState)


def public(secret):
    """A secret's metadata: its record without the bookkeeping (and value) fields."""
    return {k: v for k, v in secret.items() if not k.startswith("_")}


def new_secret(ctx, name, description=None, kms_key_id=None, tags=(), owning_service=None):
    suffix = "".join(ctx.world.rng.choice(_ARN_SUFFIX) for _ in range(6))
    secret = {"ARN": ctx.arn("secretsmanager", f"secret:{name}-{suffix}", ctx.region), "Name": name,
              "Description": description, "KmsKeyId": kms_key_id, "CreatedDate": ctx.now,
              "LastChangedDate": ctx.now, "Tags": list(tags), "OwningService": owning_service,
              "RotationEnabled": False, "_versions": {}, "_created": ctx.now}
    ctx.state.secrets[name] = secret
    return secret


def settle(ctx):
    """Forget the secrets whose recovery window has passed (a day is secret_recovery_day_seconds),
    and those whose owning service's resource is gone (`_expires`: since when, timing key)."""
    day = ctx.world.timings["secret_recovery_day_seconds"]
    for name, secret in list(ctx.state.secrets.items()):
        recovered = "DeletedDate" in secret and ctx.now >= secret["DeletedDate"] + secret["_recovery_days"] * day
        since, timing = secret.get("_expires", (None, None))
        if recovered or (since is not None and ctx.now >= since + ctx.world.timings[timing]):
            del ctx.state.secrets[name]


def secret_of(ctx, secret_id, usable=True):
    """The secret a SecretId names: its name, its ARN, or its ARN without the random suffix.

    usable: a secret scheduled for deletion refuses the operation (InvalidRequestException)."""
    settle(ctx)
    found = ctx.state.secrets.get(secret_id)
    if found is None and secret_id.startswith("arn:"):
        found = next((s for s in ctx.state.secrets.values() if secret_id in (s["ARN"], s["ARN"][:-7])), None)
    if found is None:
        raise AwsError("ResourceNotFoundException", NOT_FOUND)
    if usable and "DeletedDate" in found:
        raise AwsError("InvalidRequestException", MARKED_FOR_DELETION)
    return found


def refuse_if_managed(secret):
    if secret.get("OwningService"):
        raise AwsError("InvalidRequestException", f"You can't perform this operation on the secret because "
                       f"it's managed by {secret['OwningService']}. Use that service to change it.")


def check_tags(tags):
    if any(t["Key"].lower().startswith("aws:") for t in tags):
        raise AwsError("InvalidParameterException", "Tag keys starting with 'aws:' are reserved for AWS use.")


def merge_tags(current, new):
    merged = {t["Key"]: t["Value"] for t in current}
    merged.update({t["Key"]: t["Value"] for t in new})
    return [{"Key": k, "Value": v} for k, v in merged.items()]


def default_kms_key_arn(ctx):
    """The ARN of this account's aws/secretsmanager key in the region (stable, made up)."""
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"fakeaws:{ctx.account}:{ctx.region}:aws/secretsmanager")
    return ctx.arn("kms", f"key/{key}", ctx.region)


def day_of(timestamp):
    """LastAccessedDate: AWS keeps only the day (midnight UTC)."""
    day = datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).date()
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp()


# --- versions and staging labels ------------------------------------------------------------

def value_of(p, required):
    """("SecretString", text) or ("SecretBinary", bytes) from a request; None when it has none."""
    given = [k for k in ("SecretString", "SecretBinary") if k in p]
    if len(given) > 1:
        raise AwsError("InvalidParameterException", "You can't specify both a binary secret value and a "
                       "string secret value in the same secret.")
    if not given:
        if required:
            raise AwsError("InvalidParameterException", "You must provide either SecretString or SecretBinary.")
        return None
    return given[0], p[given[0]]


def add_version(ctx, secret, version_id, value, stages=("AWSCURRENT",)):
    """Store value as version_id with these staging labels and return the version.

    The same version id with the same value again is a retry and changes nothing; with another
    value it is ResourceExistsException, as AWS answers a reused ClientRequestToken."""
    version_id = version_id or str(uuid.UUID(int=ctx.world.rng.getrandbits(128)))
    existing = secret["_versions"].get(version_id)
    if existing is not None:
        if existing["value"] != value:
            raise AwsError("ResourceExistsException", "A resource with the ID you requested already exists.")
        return version_id, existing
    secret["_versions"][version_id] = version = {"value": value, "stages": [], "created": ctx.now}
    for stage in stages:
        move_stage(secret, stage, version_id)
    secret["LastChangedDate"] = ctx.now
    return version_id, version


def move_stage(secret, stage, version_id):
    """Attach a staging label to one version; moving AWSCURRENT leaves AWSPREVIOUS behind."""
    if stage == "AWSCURRENT":
        current = version_with(secret, "AWSCURRENT")
        if current not in (None, version_id):
            move_stage(secret, "AWSPREVIOUS", current)
    for other_id, other in secret["_versions"].items():
        if other_id != version_id and stage in other["stages"]:
            other["stages"].remove(stage)
    if stage not in secret["_versions"][version_id]["stages"]:
        secret["_versions"][version_id]["stages"].append(stage)


def version_with(secret, stage):
    return next((vid for vid, v in secret["_versions"].items() if stage in v["stages"]), None)


def versions_to_stages(secret):
    """Versions that carry labels; unlabelled ones are deprecated and not shown."""
    return {vid: list(v["stages"]) for vid, v in secret["_versions"].items() if v["stages"]}


def valid_name(name):
    if not re.fullmatch(r"[A-Za-z0-9/_+=.@-]{1,512}", name):
        raise AwsError("InvalidParameterException", "Invalid name. Must be a valid name containing alphanumeric "
                       "characters, or any of the following: -/_+=.@")
    return name
