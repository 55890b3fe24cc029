"""Alarm tags, by alarm ARN. PutMetricAlarm sets them only when it creates the alarm."""
import re

from ...errors import AwsError
from .. import tag_lists
from .common import SERVICE, invalid_value

MAX_TAGS = 50
_ARN = re.compile(r"arn:aws:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)")


def checked_tags(current, new):
    return tag_lists.checked(current, new, MAX_TAGS,
                             reserved=invalid_value("Tag keys beginning with aws: are reserved."),
                             too_many=invalid_value(f"A resource can have at most {MAX_TAGS} tags."))


def _alarm_by_arn(ctx, arn):
    m = _ARN.fullmatch(arn)
    if m is None or m[2] != ctx.account:
        raise invalid_value(f"Invalid ARN: {arn}")
    alarm = ctx.state.alarms.get(m[3]) if m[1] == ctx.region else None
    if alarm is None:
        raise AwsError("ResourceNotFoundException", f"Alarm {m[3]} does not exist in {ctx.region}.", 404)
    return alarm


tag_lists.register_by_arn(SERVICE, _alarm_by_arn, checked_tags, "ResourceARN")
