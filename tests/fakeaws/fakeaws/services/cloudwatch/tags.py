"""Alarm tags, by alarm ARN. PutMetricAlarm sets them only when it creates the alarm."""
import re

from ...errors import AwsError
from .. import tag_lists
from .common import SERVICE, invalid_value

MAX_TAGS = 50
_ARN = re.compile(r"arn:aws:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)")


def checked_tags(current, new):
    if tag_lists.reserved_key(t["Key"] for t in new):
        raise invalid_value("Tag keys beginning with aws: are reserved.")
    tags = tag_lists.merged(current, new)
    if len(tags) > MAX_TAGS:
        raise invalid_value(f"A resource can have at most {MAX_TAGS} tags.")
    return tags


def _alarm_by_arn(ctx, arn):
    m = _ARN.fullmatch(arn)
    if m is None or m[2] != ctx.account:
        raise invalid_value(f"Invalid ARN: {arn}")
    alarm = ctx.state.alarms.get(m[3]) if m[1] == ctx.region else None
    if alarm is None:
        raise AwsError("ResourceNotFoundException", f"Alarm {m[3]} does not exist in {ctx.region}.", 404)
    return alarm


@SERVICE.op("TagResource")
def tag_resource(ctx, p):
    alarm = _alarm_by_arn(ctx, p["ResourceARN"])
    alarm["_tags"] = checked_tags(alarm["_tags"], p["Tags"])
    return {}


@SERVICE.op("UntagResource")
def untag_resource(ctx, p):
    alarm = _alarm_by_arn(ctx, p["ResourceARN"])
    alarm["_tags"] = tag_lists.without(alarm["_tags"], p["TagKeys"])
    return {}


@SERVICE.op("ListTagsForResource")
def list_tags_for_resource(ctx, p):
    return {"Tags": list(_alarm_by_arn(ctx, p["ResourceARN"])["_tags"])}
