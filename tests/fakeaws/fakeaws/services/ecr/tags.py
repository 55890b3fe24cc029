"""Repository tags, addressed by repository ARN. DescribeRepositories never shows them."""
import re

from ...errors import AwsError
from .. import tag_lists
from .common import SERVICE, not_found, repository_of

MAX_TAGS = 50
_ARN = re.compile(r"arn:aws:ecr:([^:]+):(\d{12}):repository/(.+)")


def checked_tags(current, new):
    """current with new merged in, within ECR's limits."""
    for tag in new:
        if len(tag.get("Key", "")) > 128 or len(tag.get("Value", "")) > 256 or not tag.get("Key"):
            raise AwsError("InvalidTagParameterException", "Tag keys can have a maximum character length "
                           "of 128 characters, and tag values can have a maximum length of 256 characters.")
    if tag_lists.reserved_key(t["Key"] for t in new):
        raise AwsError("InvalidTagParameterException", "The aws: prefix is reserved for AWS use and "
                       "cannot be used in tag keys.")
    tags = tag_lists.merged(current, new)
    if len(tags) > MAX_TAGS:
        raise AwsError("TooManyTagsException", f"The maximum number of tags that can be applied to a "
                       f"repository is {MAX_TAGS}.")
    return tags


def _repository_by_arn(ctx, arn):
    m = _ARN.fullmatch(arn)
    if m is None or m[2] != ctx.account:
        raise AwsError("InvalidParameterException", f"Invalid parameter at 'resourceArn' failed to "
                       f"satisfy constraint: 'Invalid ARN {arn}'")
    if m[1] != ctx.region:  # a repository lives in one region; this endpoint does not know it
        raise not_found(ctx, m[3])
    return repository_of(ctx, m[3])


@SERVICE.op("ListTagsForResource")
def list_tags_for_resource(ctx, p):
    return {"tags": list(_repository_by_arn(ctx, p["resourceArn"])["_tags"])}


@SERVICE.op("TagResource")
def tag_resource(ctx, p):
    repo = _repository_by_arn(ctx, p["resourceArn"])
    repo["_tags"] = checked_tags(repo["_tags"], p["tags"])
    return {}


@SERVICE.op("UntagResource")
def untag_resource(ctx, p):
    repo = _repository_by_arn(ctx, p["resourceArn"])
    repo["_tags"] = tag_lists.without(repo["_tags"], p["tagKeys"])
    return {}
