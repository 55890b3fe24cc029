"""Log groups: create (with tags), describe (prefix or pattern, 50 a page), delete, retention."""
from ... import paging
from ...errors import AwsError
from .common import SERVICE, check_name, group_arn, group_of
from .tags import checked_tags

# PutRetentionPolicy's values (1096 is newer than the model's list, but AWS takes it).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
                  2557, 2922, 3288, 3653)
DEFAULT_PAGE = 50


@SERVICE.op("CreateLogGroup")
def create_log_group(ctx, p):
    name = p["logGroupName"]
    check_name("CreateLogGroup", name)
    if name in ctx.state.groups:
        raise AwsError("ResourceAlreadyExistsException", "The specified log group already exists")
    ctx.state.groups[name] = {
        "logGroupName": name, "creationTime": int(ctx.now * 1000), "metricFilterCount": 0,
        "arn": group_arn(ctx, name) + ":*", "storedBytes": 0, "kmsKeyId": p.get("kmsKeyId"),
        "_tags": checked_tags({}, p.get("tags", {}), "InvalidParameterException"), "_created": ctx.now}
    return {}


@SERVICE.op("DescribeLogGroups")
def describe_log_groups(ctx, p):
    prefix, pattern = p.get("logGroupNamePrefix"), p.get("logGroupNamePattern")
    if prefix is not None and pattern is not None:
        raise AwsError("InvalidParameterException", "LogGroup name prefix and LogGroup name pattern are "
                       "mutually exclusive parameters.")
    names = sorted(n for n, g in ctx.state.groups.items() if ctx.visible(g["_created"])
                   and n.startswith(prefix or "") and (pattern or "") in n)
    page, token = paging.page(names, p.get("nextToken"), p.get("limit", DEFAULT_PAGE),
                              "InvalidParameterException")
    groups = [{k: v for k, v in ctx.state.groups[n].items() if not k.startswith("_")} for n in page]
    return {"logGroups": groups, "nextToken": token}


@SERVICE.op("DeleteLogGroup")
def delete_log_group(ctx, p):
    del ctx.state.groups[group_of(ctx, p["logGroupName"])["logGroupName"]]
    return {}


@SERVICE.op("PutRetentionPolicy")
def put_retention_policy(ctx, p):
    group = group_of(ctx, p["logGroupName"])
    days = p["retentionInDays"]
    if days not in RETENTION_DAYS:
        raise AwsError("InvalidParameterException", f"1 validation error detected: Value '{days}' at "
                       f"'retentionInDays' failed to satisfy constraint: Member must satisfy enum value "
                       f"set: [{', '.join(map(str, RETENTION_DAYS))}]")
    group["retentionInDays"] = days
    return {}


@SERVICE.op("DeleteRetentionPolicy")
def delete_retention_policy(ctx, p):
    group_of(ctx, p["logGroupName"]).pop("retentionInDays", None)  # events never expire again
    return {}
