"""Trail tags, by trail ARN, for trails seen in the current region (shadows included)."""
from ...errors import AwsError
from .. import tag_lists
from .common import SERVICE, parse_arn, seen_in

MAX_TAGS = 50
MAX_LISTED = 20  # ListTags takes at most this many ARNs


def checked_tags(current, new):
    return tag_lists.checked(
        current, new, MAX_TAGS,
        reserved=AwsError("InvalidTagParameterException", "Tag keys must not start with aws:"),
        too_many=AwsError("TagsLimitExceededException", f"The number of tags per trail has exceeded "
                          f"the permitted amount. Currently, the limit is {MAX_TAGS}."))


def _tagged(ctx, arn):
    parse_arn(ctx, arn)
    trail = ctx.state.trails.get(arn)
    if trail is None or not seen_in(trail, ctx.region):
        raise AwsError("ResourceNotFoundException", f"Resource not found: {arn}")
    return trail


@SERVICE.op("AddTags")
def add_tags(ctx, p):
    trail = _tagged(ctx, p["ResourceId"])
    trail["_tags"] = checked_tags(trail["_tags"], p["TagsList"])
    return {}


@SERVICE.op("RemoveTags")
def remove_tags(ctx, p):
    trail = _tagged(ctx, p["ResourceId"])
    trail["_tags"] = tag_lists.without(trail["_tags"], [t["Key"] for t in p["TagsList"]])
    return {}


@SERVICE.op("ListTags")
def list_tags(ctx, p):
    arns = p["ResourceIdList"]
    if len(arns) > MAX_LISTED:
        raise AwsError("InvalidParameterException", f"ResourceIdList holds at most {MAX_LISTED} ARNs.")
    return {"ResourceTagList": [{"ResourceId": arn, "TagsList": list(_tagged(ctx, arn)["_tags"])}
                                for arn in arns]}
