"""CreateTags, DeleteTags, DescribeTags: tags on any resource, found by its ID prefix."""
from ... import paging
from ...errors import AwsError
from .common import SERVICE, matcher, set_tags

# ID prefix -> (state table, resource type as DescribeTags names it, not-found code)
RESOURCE_TYPES = {
    "vpc": ("vpcs", "vpc", "InvalidVpcID.NotFound"),
    "subnet": ("subnets", "subnet", "InvalidSubnetID.NotFound"),
    "igw": ("internet_gateways", "internet-gateway", "InvalidInternetGatewayID.NotFound"),
    "rtb": ("route_tables", "route-table", "InvalidRouteTableID.NotFound"),
    "sg": ("security_groups", "security-group", "InvalidGroup.NotFound"),
    "sgr": ("sg_rules", "security-group-rule", "InvalidSecurityGroupRuleId.NotFound"),
    "i": ("instances", "instance", "InvalidInstanceID.NotFound"),
    "key": ("key_pairs", "key-pair", "InvalidKeyPair.NotFound"),
    "vpce": ("vpc_endpoints", "vpc-endpoint", "InvalidVpcEndpointId.NotFound"),
}

TAG_FILTERS = {
    "resource-id": lambda d: d["ResourceId"],
    "resource-type": lambda d: d["ResourceType"],
    "key": lambda d: d["Key"],
    "value": lambda d: d["Value"],
}


def _resource_type(ctx, resource_id):
    prefix = resource_id.rsplit("-", 1)[0]
    if prefix not in RESOURCE_TYPES:
        raise AwsError("InvalidID", f"The ID '{resource_id}' is not valid")
    table, type_name, not_found = RESOURCE_TYPES[prefix]
    if resource_id not in getattr(ctx.state, table):
        raise AwsError(not_found, f"The ID '{resource_id}' does not exist")
    return type_name


@SERVICE.op("CreateTags")
def create_tags(ctx, p):
    for resource_id in p["Resources"]:
        _resource_type(ctx, resource_id)
    for resource_id in p["Resources"]:
        set_tags(ctx.state, resource_id, p["Tags"])
    return {}


@SERVICE.op("DeleteTags")
def delete_tags(ctx, p):
    for resource_id in p["Resources"]:
        _resource_type(ctx, resource_id)
        tags = ctx.state.tags.get(resource_id, {})
        # No Tags: remove all; a tag without Value: remove the key whatever its value.
        for tag in p.get("Tags") or [{"Key": k} for k in list(tags)]:
            if tag["Key"] in tags and tag.get("Value") in (None, tags[tag["Key"]]):
                del tags[tag["Key"]]
    return {}


@SERVICE.op("DescribeTags")
def describe_tags(ctx, p):
    descriptions = [{"ResourceId": rid, "ResourceType": _resource_type(ctx, rid), "Key": k, "Value": v}
                    for rid, tags in ctx.state.tags.items() for k, v in tags.items()]
    for flt in p.get("Filters", []):
        if flt["Name"] not in TAG_FILTERS:
            raise AwsError("InvalidParameterValue", f"The filter '{flt['Name']}' is invalid")
        match, field = matcher(flt.get("Values", [])), TAG_FILTERS[flt["Name"]]
        descriptions = [d for d in descriptions if match(field(d))]
    page, token = paging.page(descriptions, p.get("NextToken"), p.get("MaxResults"), "InvalidPaginationToken")
    return {"Tags": page, "NextToken": token}
