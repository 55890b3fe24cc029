"""Trails: create, update and delete from the home region; describe, get and list."""
import ipaddress
import re

from ...errors import AwsError
from .common import SERVICE, home_trail_of, seen_in, trail_of, trail_out, trails_in
from .delivery import check_bucket, check_cloudwatch_logs, check_topic
from .tags import checked_tags

MAX_TRAILS_PER_REGION = 5
_NAME_CHARACTERS = re.compile(r"[A-Za-z0-9._-]+")
# Create/UpdateTrail parameter -> the Trail member it sets (booleans and plain strings).
FLAGS = {"IncludeGlobalServiceEvents": "IncludeGlobalServiceEvents",
         "IsMultiRegionTrail": "IsMultiRegionTrail", "EnableLogFileValidation": "LogFileValidationEnabled"}
OPTIONAL_TEXT = ("S3KeyPrefix", "KmsKeyId", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn")


def _check_name(name):
    def invalid(why):
        return AwsError("InvalidTrailNameException", f"Trail name {name} is not valid: {why}")
    if not 3 <= len(name) <= 128:
        raise invalid("it must be between 3 and 128 characters long")
    if not _NAME_CHARACTERS.fullmatch(name) or not (name[0].isalnum() and name[-1].isalnum()):
        raise invalid("it must hold only letters, numbers, periods, underscores and dashes, and start "
                      "and end with a letter or number")
    if re.search(r"[._-]{2}", name):
        raise invalid("it must not have adjacent periods, underscores or dashes")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return
    raise invalid("it must not be in IP address format")


def _apply(ctx, trail, p):
    """Set what p asks for on trail, checking delivery targets that change. An empty string
    removes an optional setting (UpdateTrail's way to stop SNS notifications, say)."""
    for param, member in FLAGS.items():
        if param in p:
            trail[member] = p[param]
    if trail["IsMultiRegionTrail"] and not trail["IncludeGlobalServiceEvents"]:
        raise AwsError("InvalidParameterCombinationException",
                       "Multi-Region trail must include global service events.")
    for member in ("S3BucketName", "SnsTopicName") + OPTIONAL_TEXT:
        if member in p:
            trail[member] = p[member] or None
    if "S3BucketName" in p or "S3KeyPrefix" in p:
        check_bucket(ctx, trail["S3BucketName"], trail["S3KeyPrefix"])
    if "SnsTopicName" in p:
        trail["SnsTopicARN"] = check_topic(ctx, trail["SnsTopicName"]) if trail["SnsTopicName"] else None
    if "CloudWatchLogsLogGroupArn" in p or "CloudWatchLogsRoleArn" in p:
        check_cloudwatch_logs(ctx, trail["CloudWatchLogsLogGroupArn"], trail["CloudWatchLogsRoleArn"])


def _already_exists(ctx, name):
    return AwsError("TrailAlreadyExistsException", f"Trail {name} already exists for customer: {ctx.account}")


@SERVICE.op("CreateTrail")
def create_trail(ctx, p):
    name = p["Name"]
    _check_name(name)
    if p.get("IsOrganizationTrail"):
        raise AwsError("OrganizationsNotInUseException", "This account is not a member of an organization.")
    multi_region = p.get("IsMultiRegionTrail", False)
    # A multi-region trail takes its name in every region.
    if any(t["Name"] == name and (multi_region or seen_in(t, ctx.region)) for t in ctx.state.trails.values()):
        raise _already_exists(ctx, name)
    if len(trails_in(ctx)) >= MAX_TRAILS_PER_REGION:
        raise AwsError("MaximumNumberOfTrailsExceededException", f"User: {ctx.account} already has "
                       f"{MAX_TRAILS_PER_REGION} trails in {ctx.region}.")
    arn = ctx.arn("cloudtrail", f"trail/{name}", ctx.region)
    trail = {"Name": name, "HomeRegion": ctx.region, "TrailARN": arn, "IncludeGlobalServiceEvents": True,
             "IsMultiRegionTrail": False, "LogFileValidationEnabled": False, "IsOrganizationTrail": False,
             "HasCustomEventSelectors": False, "HasInsightSelectors": False, "SnsTopicName": None,
             "SnsTopicARN": None, **{m: None for m in OPTIONAL_TEXT},
             "_tags": checked_tags([], p.get("TagsList", [])), "_logging": False,
             "_started": None, "_stopped": None, "_created": ctx.now}
    _apply(ctx, trail, p)
    ctx.state.trails[arn] = trail
    return trail_out(trail)


@SERVICE.op("UpdateTrail")
def update_trail(ctx, p):
    trail = home_trail_of(ctx, p["Name"])
    if p.get("IsMultiRegionTrail") and not trail["IsMultiRegionTrail"] and any(
            t is not trail and t["Name"] == trail["Name"] for t in ctx.state.trails.values()):
        raise _already_exists(ctx, trail["Name"])  # its shadows would collide
    updated = dict(trail)  # nothing changes unless every check passes
    _apply(ctx, updated, p)
    ctx.state.trails[trail["TrailARN"]] = updated
    return trail_out(updated)


@SERVICE.op("DeleteTrail")
def delete_trail(ctx, p):
    del ctx.state.trails[home_trail_of(ctx, p["Name"])["TrailARN"]]
    return {}


@SERVICE.op("GetTrail")
def get_trail(ctx, p):
    return {"Trail": trail_out(trail_of(ctx, p["Name"]))}


@SERVICE.op("DescribeTrails")
def describe_trails(ctx, p):
    names = p.get("trailNameList") or []
    if not names:
        shadows = p.get("includeShadowTrails", True)
        found = [t for t in trails_in(ctx) if ctx.visible(t["_created"])
                 and (shadows or t["HomeRegion"] == ctx.region)]
    else:  # names that match no trail are left out, not errors
        arns = {t["TrailARN"] for t in ctx.state.trails.values()}
        found = []
        for name in names:
            arn = name if name.startswith("arn:") else ctx.arn("cloudtrail", f"trail/{name}", ctx.region)
            if arn in arns:
                found.append(trail_of(ctx, arn))
    return {"trailList": [trail_out(t) for t in found]}


@SERVICE.op("ListTrails")
def list_trails(ctx, p):
    """Every trail of the account, whatever its home region."""
    return {"Trails": [{"TrailARN": t["TrailARN"], "Name": t["Name"], "HomeRegion": t["HomeRegion"]}
                       for t in ctx.state.trails.values() if ctx.visible(t["_created"])]}
