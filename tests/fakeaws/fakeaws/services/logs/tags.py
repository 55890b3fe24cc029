"""Log group tags, through the older by-name operations and the newer by-ARN ones."""
import re

from ...errors import AwsError
from .. import tag_lists
from .common import SERVICE, group_of

MAX_TAGS = 50
_ARN = re.compile(r"arn:aws:logs:([a-z0-9-]+):(\d{12}):log-group:(.+)")


def checked_tags(current, new, too_many_code):
    """current (a map) with new merged in; the operations differ in the code for too many."""
    if tag_lists.reserved_key(new):
        raise AwsError("InvalidParameterException", "Tag keys must not start with aws:")
    tags = {**current, **new}
    if len(tags) > MAX_TAGS:
        raise AwsError(too_many_code, f"A resource can have no more than {MAX_TAGS} tags.")
    return tags


def _group_by_arn(ctx, arn):
    m = _ARN.fullmatch(arn)
    if m is None or m[1] != ctx.region or m[2] != ctx.account or m[3] not in ctx.state.groups:
        raise AwsError("ResourceNotFoundException", f"The specified resource does not exist: {arn}")
    return ctx.state.groups[m[3]]


def _tag(group, new, too_many_code):
    group["_tags"] = checked_tags(group["_tags"], new, too_many_code)
    return {}


def _untag(group, keys):
    group["_tags"] = {k: v for k, v in group["_tags"].items() if k not in keys}
    return {}


@SERVICE.op("ListTagsLogGroup")
def list_tags_log_group(ctx, p):
    return {"tags": dict(group_of(ctx, p["logGroupName"])["_tags"])}


@SERVICE.op("TagLogGroup")
def tag_log_group(ctx, p):
    return _tag(group_of(ctx, p["logGroupName"]), p["tags"], "InvalidParameterException")


@SERVICE.op("UntagLogGroup")
def untag_log_group(ctx, p):
    return _untag(group_of(ctx, p["logGroupName"]), p["tags"])


@SERVICE.op("ListTagsForResource")
def list_tags_for_resource(ctx, p):
    return {"tags": dict(_group_by_arn(ctx, p["resourceArn"])["_tags"])}


@SERVICE.op("TagResource")
def tag_resource(ctx, p):
    return _tag(_group_by_arn(ctx, p["resourceArn"]), p["tags"], "TooManyTagsException")


@SERVICE.op("UntagResource")
def untag_resource(ctx, p):
    return _untag(_group_by_arn(ctx, p["resourceArn"]), p["tagKeys"])
