"""AddTags, RemoveTags and DescribeTags on any ELBv2 resource ARN (20 ARNs a call at most)."""
from .common import SERVICE, add_tags, find, kind_of_arn, not_found, tag_list, validation

MAX_ARNS_PER_DESCRIBE = 20


def _resource(ctx, resource_arn):
    kind = kind_of_arn(resource_arn)
    if kind is None:
        raise not_found("load_balancers")
    return find(ctx, kind, resource_arn)


@SERVICE.op("AddTags")
def add(ctx, p):
    for resource_arn in p["ResourceArns"]:
        _resource(ctx, resource_arn)
    for resource_arn in p["ResourceArns"]:
        add_tags(ctx.state, resource_arn, p["Tags"])
    return {}


@SERVICE.op("RemoveTags")
def remove(ctx, p):
    for resource_arn in p["ResourceArns"]:
        _resource(ctx, resource_arn)
    for resource_arn in p["ResourceArns"]:
        for key in p["TagKeys"]:
            ctx.state.tags[resource_arn].pop(key, None)
    return {}


@SERVICE.op("DescribeTags")
def describe(ctx, p):
    arns = p["ResourceArns"]
    if len(arns) > MAX_ARNS_PER_DESCRIBE:
        raise validation(f"1 validation error detected: Value '{arns}' at 'resourceArns' failed to "
                         f"satisfy constraint: Member must have length less than or equal to "
                         f"{MAX_ARNS_PER_DESCRIBE}")
    for resource_arn in arns:
        _resource(ctx, resource_arn)
    return {"TagDescriptions": [{"ResourceArn": a, "Tags": tag_list(ctx.state, a)} for a in arns]}
