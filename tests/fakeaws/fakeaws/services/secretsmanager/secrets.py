"""Secrets: create, describe, list (filters, paging), update, tag, delete with a recovery
window, restore."""
import re

from ... import paging
from ...errors import AwsError
from .common import (SERVICE, add_version, check_tags, merge_tags, new_secret, public, refuse_if_managed,
                     secret_of, settle, valid_name, value_of, versions_to_stages)


@SERVICE.op("CreateSecret")
def create_secret(ctx, p):
    settle(ctx)
    name = valid_name(p["Name"])
    existing = ctx.state.secrets.get(name)
    if existing is not None and "DeletedDate" in existing:
        raise AwsError("InvalidRequestException", "You can't create this secret because a secret with this "
                       "name is already scheduled for deletion.")
    if existing is not None:
        raise AwsError("ResourceExistsException", f"The operation failed because the secret {name} already exists.")
    check_tags(p.get("Tags", []))
    value = value_of(p, required=False)
    secret = new_secret(ctx, name, p.get("Description"), p.get("KmsKeyId"), merge_tags([], p.get("Tags", [])))
    result = {"ARN": secret["ARN"], "Name": name}
    if value is not None:
        result["VersionId"], _ = add_version(ctx, secret, p.get("ClientRequestToken"), value)
    return result


def render(secret):
    """DescribeSecret's view; ListSecrets shows the same under SecretVersionsToStages."""
    shown = public(secret)
    shown["VersionIdsToStages"] = versions_to_stages(secret)
    return shown


@SERVICE.op("DescribeSecret")
def describe_secret(ctx, p):
    return render(secret_of(ctx, p["SecretId"], usable=False))


@SERVICE.op("ListSecrets")
def list_secrets(ctx, p):
    settle(ctx)
    secrets = [s for s in ctx.state.secrets.values() if "DeletedDate" not in s and ctx.visible(s["_created"])]
    for flt in p.get("Filters", []):
        secrets = [s for s in secrets if _passes(s, flt["Key"], flt.get("Values", []))]
    secrets.sort(key=lambda s: s["CreatedDate"], reverse=p.get("SortOrder") == "desc")
    page, token = paging.page(secrets, p.get("NextToken"), p.get("MaxResults") or 100,
                              "InvalidNextTokenException")
    entries = [{**public(s), "SecretVersionsToStages": versions_to_stages(s)} for s in page]
    return {"SecretList": entries, "NextToken": token}


def _attribute_values(secret, key):
    """(values a filter key looks at, whether it compares case-sensitively)."""
    tags = secret["Tags"]
    if key == "name":
        return [secret["Name"]], True
    if key == "description":
        return [secret.get("Description") or ""], False
    if key == "tag-key":
        return [t["Key"] for t in tags], True
    if key == "tag-value":
        return [t["Value"] for t in tags], True
    if key == "all":  # every word of every attribute
        texts = [secret["Name"], secret.get("Description") or ""] + [v for t in tags for v in t.values()]
        return [word for text in texts for word in re.split(r"[\s/]+", text) if word], False
    return [], True  # primary-region: the fake has no replicated secrets


def _passes(secret, key, values):
    """A filter's values are prefixes (any may match); '!' negates one."""
    attributes, case_sensitive = _attribute_values(secret, key)
    fold = (lambda text: text) if case_sensitive else str.lower
    for value in values:
        negated = value.startswith("!")
        words = value[1:] if negated else value
        words = words.split() if key == "all" else [words]
        hit = all(any(fold(a).startswith(fold(w)) for a in attributes) for w in words)
        if hit != negated:
            return True
    return False


@SERVICE.op("UpdateSecret")
def update_secret(ctx, p):
    secret = secret_of(ctx, p["SecretId"])
    refuse_if_managed(secret)
    value = value_of(p, required=False)
    for key in ("Description", "KmsKeyId"):
        if key in p:
            secret[key] = p[key]
    secret["LastChangedDate"] = ctx.now
    result = {"ARN": secret["ARN"], "Name": secret["Name"]}
    if value is not None:
        result["VersionId"], _ = add_version(ctx, secret, p.get("ClientRequestToken"), value)
    return result


@SERVICE.op("TagResource")
def tag_resource(ctx, p):
    secret = secret_of(ctx, p["SecretId"])
    check_tags(p["Tags"])
    secret["Tags"] = merge_tags(secret["Tags"], p["Tags"])
    return {}


@SERVICE.op("UntagResource")
def untag_resource(ctx, p):
    secret = secret_of(ctx, p["SecretId"])
    check_tags([{"Key": k} for k in p["TagKeys"]])
    secret["Tags"] = [t for t in secret["Tags"] if t["Key"] not in p["TagKeys"]]
    return {}


@SERVICE.op("DeleteSecret")
def delete_secret(ctx, p):
    force, days = p.get("ForceDeleteWithoutRecovery"), p.get("RecoveryWindowInDays")
    if force and days is not None:
        raise AwsError("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction "
                       "with RecoveryWindowInDays.")
    if days is not None and not 7 <= days <= 30:
        raise AwsError("InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and 30 "
                       "days (inclusive).")
    secret = secret_of(ctx, p["SecretId"], usable=False)
    refuse_if_managed(secret)
    if "DeletedDate" in secret and not force:  # already waiting out its window
        raise AwsError("InvalidRequestException", "You can't delete the secret because it's already scheduled "
                       "for deletion. To delete it now, use ForceDeleteWithoutRecovery.")
    schedule_deletion(ctx, secret, 0 if force else (days or 30))
    return {"ARN": secret["ARN"], "Name": secret["Name"],
            "DeletionDate": ctx.now + secret["_recovery_days"] * 86400}


def schedule_deletion(ctx, secret, days):
    """Mark the secret deleted; it is forgotten after `days` (0: at the next request)."""
    secret["DeletedDate"], secret["_recovery_days"] = ctx.now, days
    if days == 0:
        del ctx.state.secrets[secret["Name"]]


@SERVICE.op("RestoreSecret")
def restore_secret(ctx, p):
    secret = secret_of(ctx, p["SecretId"], usable=False)
    secret.pop("DeletedDate", None)
    secret.pop("_recovery_days", None)
    return {"ARN": secret["ARN"], "Name": secret["Name"]}
