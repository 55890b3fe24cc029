"""What RDS and Redshift share: identifier rules, lookups, status lifecycles evaluated
lazily from timestamps, final snapshot names, MaxRecords/Marker paging, subnets and security
groups taken from EC2, tags addressed by ARN.

Error codes and messages that differ between the two stay in the services and come in as
arguments.

No SERVICE here: this module only serves services/rds and services/redshift.
"""
import re

from .. import paging
from ..errors import AwsError

# Letters, digits and single hyphens; starts with a letter; no trailing hyphen.
_IDENTIFIER = re.compile(r"[a-z](?:-?[a-z0-9])*")


def identifier(value, parameter, max_length=63):
    """AWS stores these identifiers lowercased; anything else is InvalidParameterValue."""
    lowered = value.lower()
    if not (1 <= len(lowered) <= max_length and _IDENTIFIER.fullmatch(lowered)):
        raise AwsError("InvalidParameterValue", f"The parameter {parameter} is not a valid identifier. "
                       "Identifiers must begin with a letter; must contain only ASCII letters, digits, "
                       "and hyphens; and must not end with a hyphen or contain two consecutive hyphens.")
    return lowered


def public(record):
    """A stored record without its bookkeeping fields (those starting with '_')."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def dump(**tables):
    """A state's /_fake/state view: each table's public records."""
    # Passwords are never stored, so a dump cannot leak one.
    return {name: [public(r) for r in table.values()] for name, table in tables.items()}


def lookup(ctx, table, name, require_visible, error):
    """The record stored under name (names are kept lowercased), else the service's error.

    require_visible: describes honour the consistency lag; writes see a record at once."""
    found = table.get(name.lower())
    if found is None or (require_visible and not ctx.visible(found["_created"])):
        raise error
    return found


def described(ctx, table, wanted, lookup):
    """A describe's candidates: the record named by `wanted` (else lookup's not-found error),
    or, without a name, every record the consistency lag lets through."""
    if wanted:
        return [lookup(ctx, wanted, require_visible=True)]
    return [r for r in table.values() if ctx.visible(r["_created"])]


def where(records, **wanted):
    """The records whose fields equal the given values; a value of None does not filter."""
    wanted = {k: v for k, v in wanted.items() if v is not None}
    return [r for r in records if all(r.get(k) == v for k, v in wanted.items())]


def lowered(value):
    return value.lower() if value else None


def filtered(records, filters, fields):
    """RDS's Filters: exact values, no wildcards; an unknown filter is InvalidParameterValue.
    fields maps a filter name to a function of the record returning the values it matches."""
    for flt in filters:
        values_of = fields.get(flt["Name"])
        if values_of is None:
            raise AwsError("InvalidParameterValue", f"Unrecognized filter name: {flt['Name']}")
        wanted = set(flt.get("Values", []))
        records = [r for r in records if wanted.intersection(values_of(r))]
    return records


# --- lifecycle ------------------------------------------------------------------

def set_status(ctx, record, status_key, status):
    record[status_key] = status
    record["_since"] = ctx.now


def require_available(record, status_key, code, message):
    """Changes need the record `available`; else the service's error code, message ending in
    what the record is doing."""
    if record[status_key] != "available":
        raise AwsError(code, f"{message}: it is {record[status_key]}, not available.")


def settle_all(ctx, table, status_key, transitions, on_settled=None):
    """Move every record whose transitional status has lasted its configured time.

    transitions maps a status to (next status, or None for "gone", timing key).
    Evaluated on each request instead of by a timer, so nothing runs in the background.
    """
    for name, record in list(table.items()):
        step = transitions.get(record[status_key])
        if step is None or ctx.now < record["_since"] + ctx.world.timings[step[1]]:
            continue
        if step[0] is None:
            del table[name]
        else:
            set_status(ctx, record, status_key, step[0])
        if on_settled:
            on_settled(record, step[0])


def final_snapshot_name(ctx, p, snapshot_param, skip_param, exists_code):
    """A delete's final snapshot: exactly one of snapshot_param and skip_param, and a name no
    snapshot has (ctx.state.snapshots). Returns the name, or None when skipped."""
    snapshot = p.get(snapshot_param)
    if bool(p.get(skip_param)) == bool(snapshot):
        raise AwsError("InvalidParameterCombination", f"{snapshot_param} is required unless "
                       f"{skip_param} is true, and not allowed when it is.")
    if not snapshot:
        return None
    snapshot = identifier(snapshot, snapshot_param, 255)
    if snapshot in ctx.state.snapshots:
        raise AwsError(exists_code, f"Cannot create the snapshot because a snapshot with "
                       f"the identifier {snapshot} already exists.")
    return snapshot


# --- paging ---------------------------------------------------------------------

def page(params, items, low=20, high=100):
    """(items on this page, next Marker); MaxRecords defaults to 100 as on AWS."""
    limit = params.get("MaxRecords")
    if limit is not None and not low <= limit <= high:
        raise AwsError("InvalidParameterValue", f"Invalid value {limit} for MaxRecords. "
                       f"Must be between {low} and {high}.")
    return paging.page(items, params.get("Marker"), limit or high, "InvalidParameterValue")


# --- subnets and security groups ----------------------------------------------------

def ec2_subnets(ctx, subnet_ids):
    """The EC2 subnets a subnet group names: they must exist and share one VPC."""
    if not subnet_ids:
        raise AwsError("InvalidParameterValue", "A subnet group needs at least one subnet.")
    table = ctx.other("ec2").subnets
    missing = [s for s in subnet_ids if s not in table]
    if missing:
        raise AwsError("InvalidSubnet", f"Some input subnets in :{missing} are invalid.")
    subnets = [table[s] for s in dict.fromkeys(subnet_ids)]
    if len({s["VpcId"] for s in subnets}) > 1:
        raise AwsError("InvalidParameterValue", "The subnets of a subnet group must all be in one VPC.")
    return subnets


def subnet_members(subnets):
    return [{"SubnetIdentifier": s["SubnetId"], "SubnetStatus": "Active",
             "SubnetAvailabilityZone": {"Name": s["AvailabilityZone"]}} for s in subnets]


def security_groups(group_ids):
    return [{"VpcSecurityGroupId": g, "Status": "active"} for g in group_ids]


def placement(ctx, group, p):
    """(VPC security group memberships, availability zone) of a new resource in subnet group
    `group` (or None): without VpcSecurityGroupIds it joins its VPC's default group, and
    without AvailabilityZone it lands in the zone of the group's first subnet."""
    group_ids = p.get("VpcSecurityGroupIds")
    if not group_ids and group:
        vpc = ctx.other("ec2").vpcs.get(group["VpcId"])
        group_ids = [vpc["_default_group"]] if vpc else []
    zone = p.get("AvailabilityZone") or (
        group["Subnets"][0]["SubnetAvailabilityZone"]["Name"] if group else ctx.region + "a")
    return security_groups(group_ids or []), zone


# --- tags -----------------------------------------------------------------------

def merge_tags(current, new, limit=None, code="TagLimitExceededFault"):
    """Tags as AWS's [{"Key", "Value"}] list; a new value replaces an old one in place.

    limit None: no limit is enforced (RDS's over-limit error is not in its model)."""
    merged = {t["Key"]: t.get("Value", "") for t in current}
    merged.update({t["Key"]: t.get("Value", "") for t in new})
    if limit is not None and len(merged) > limit:
        raise AwsError(code, f"A resource can have at most {limit} tags.")
    return [{"Key": k, "Value": v} for k, v in merged.items()]


def drop_tags(current, keys):
    return [t for t in current if t["Key"] not in set(keys)]


def arn_parts(ctx, pattern, arn):
    """(kind, name) from an ARN that pattern matches, in this region and account; else None.

    pattern's groups: region, account, kind, name."""
    match = pattern.fullmatch(arn)
    if match is None or match.group(1) != ctx.region or match.group(2) != ctx.account:
        return None
    return match.group(3), match.group(4)
