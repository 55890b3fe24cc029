"""Repository tags, addressed by repository ARN. DescribeRepositories never shows them."""
import re

from ...errors import AwsError
from .. import tag_lists
from .common import SERVICE, not_found, repository_of

MAX_TAGS = 50
_ARN = re.compile(r"arn:aws:ecr:([^:]+):(\d{12}):repository/(.+)")


def checked_tags(current, new):
    """current with new merged in, within ECR's limits."""
    if any(not t.get("Key") or len(t["Key"]) > 128 or len(t.get("Value", "")) > 256 for t in new):
        raise AwsError("InvalidTagParameterException", "Tag keys can have a maximum character length "
                       "of 128 characters, and tag values can have a maximum length of 256 characters.")
    return tag_lists.checked(
        current, new, MAX_TAGS,
        reserved=AwsError("InvalidTagParameterException", "The aws: prefix is reserved for AWS use and "
                          "cannot be used in tag keys."),
        too_many=AwsError("TooManyTagsException", f"The maximum number of tags that can be applied to a "
                          f"repository is {MAX_TAGS}."))


def _repository_by_arn(ctx, arn):
    m = _ARN.fullmatch(arn)
    if m is None or m[2] != ctx.account:
        raise AwsError("InvalidParameterException", f"Invalid parameter at 'resourceArn' failed to "
                       f"satisfy constraint: 'Invalid ARN {arn}'")
    if m[1] != ctx.region:  # a repository lives in one region; this endpoint does not know it
        raise not_found(ctx, m[3])
    return repository_of(ctx, m[3])


tag_lists.register_by_arn(SERVICE, _repository_by_arn, checked_tags, "resourceArn", "tags", "tagKeys")
