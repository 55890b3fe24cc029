"""EC2 state, IDs, tags, lookups, filters and the generic describe every resource uses."""
import fnmatch
import ipaddress
import re

from ... import paging
from ...errors import AwsError
from ..registry import Service


class Ec2State:
    """One region's EC2 resources, each kind a dict id -> record in creation order."""

    KINDS = ("vpcs", "subnets", "internet_gateways", "route_tables", "security_groups",
             "sg_rules", "key_pairs", "instances", "vpc_endpoints")

    def __init__(self, region):
        self.region = region
        for kind in self.KINDS:
            setattr(self, kind, {})
        self.tags = {}           # resource id -> {key: value}
        self.created = {}        # resource id -> creation time, for eventual consistency
        self.client_tokens = {}  # (operation, token) -> the first call's result
        self.group_names = {}    # (vpc id, group name) -> group id
        self.key_names = {}      # key name -> key pair id

    def dump(self):
        return {kind: [_tagged(self, r) for r in getattr(self, kind).values()] for kind in self.KINDS}


SERVICE = Service("ec2", state=Ec2State)


def _tagged(state, record):
    return {k: v for k, v in record.items() if not k.startswith("_")}


def new_id(ctx, prefix):
    return ctx.world.new_hex_id(prefix)


# --- tags ------------------------------------------------------------------------

def tag_list(state, resource_id):
    return [{"Key": k, "Value": v} for k, v in state.tags.get(resource_id, {}).items()]


def apply_tag_specifications(state, params, resource_type, resource_id):
    """Create-time tags: only the specifications naming this resource type apply."""
    for spec in params.get("TagSpecifications", []):
        if spec.get("ResourceType") == resource_type:
            set_tags(state, resource_id, spec.get("Tags", []))


def set_tags(state, resource_id, tags):
    state.tags.setdefault(resource_id, {}).update({t["Key"]: t.get("Value", "") for t in tags})


def register(ctx, resource_id, kind, record):
    state = ctx.state
    getattr(state, kind)[resource_id] = record
    state.created[resource_id] = ctx.now
    return record


def forget(state, kind, resource_id):
    del getattr(state, kind)[resource_id]
    state.tags.pop(resource_id, None)
    state.created.pop(resource_id, None)


# --- idempotency -------------------------------------------------------------------

def idempotent(ctx, operation, params, create):
    """Same ClientToken -> the first call's result again, never a second resource."""
    token = params.get("ClientToken")
    if not token:
        return create()
    key = (operation, token)
    if key not in ctx.state.client_tokens:
        ctx.state.client_tokens[key] = create()
    return ctx.state.client_tokens[key]


# --- lookups and filters ---------------------------------------------------------------

def find(ctx, kind, resource_id, code, what):
    found = getattr(ctx.state, kind).get(resource_id)
    if found is None:
        raise AwsError(code, f"The {what} '{resource_id}' does not exist")
    return found


def vpc_of(ctx, vpc_id):
    return find(ctx, "vpcs", vpc_id, "InvalidVpcID.NotFound", "vpc ID")


def default_vpc_of(ctx):
    """The region's default VPC, or None (deleted, or /_fake/config default_vpc off)."""
    return next((v for v in ctx.state.vpcs.values() if v["IsDefault"]), None)


def subnet_of(ctx, subnet_id):
    return find(ctx, "subnets", subnet_id, "InvalidSubnetID.NotFound", "subnet ID")


def igw_of(ctx, igw_id):
    return find(ctx, "internet_gateways", igw_id, "InvalidInternetGatewayID.NotFound", "internetGateway ID")


def route_table_of(ctx, rtb_id):
    return find(ctx, "route_tables", rtb_id, "InvalidRouteTableID.NotFound", "routeTable ID")


def endpoints_using(ctx, key, value):
    """IDs of the VPC endpoints whose VpcId, SubnetIds or Groups name value (for delete checks);
    an endpoint whose deletion has run its course no longer counts."""
    def gone(endpoint):
        return endpoint["State"] == "deleting" and \
            ctx.now >= endpoint["_since"] + ctx.world.timings["vpc_endpoint_deleting_seconds"]

    def names(endpoint):
        found = endpoint[key]
        return [g["GroupId"] for g in found] if key == "Groups" else found if isinstance(found, list) else [found]
    return [e["VpcEndpointId"] for e in ctx.state.vpc_endpoints.values() if value in names(e) and not gone(e)]


def network(cidr, what="cidrBlock"):
    try:
        return ipaddress.ip_network(cidr, strict=True)
    except ValueError:
        raise AwsError("InvalidParameterValue", f"Value ({cidr}) for parameter {what} is invalid. "
                       "This is not a valid CIDR block.")


def dependency(resource_id, what):
    return AwsError("DependencyViolation", f"The {what} '{resource_id}' has dependencies and cannot be deleted.")


def zones(ctx):
    """The fake's availability zones: six in every region."""
    return [ctx.region + letter for letter in "abcdef"]


def zone_id(ctx, zone):
    prefix = "".join(part[:1] for part in ctx.region.split("-")[:2])
    return f"{prefix}{ctx.region[-1]}-az{'abcdef'.index(zone[-1]) + 1}"


def matcher(values):
    """EC2 filter values allow * and ? wildcards."""
    exact = {v for v in values if "*" not in v and "?" not in v}
    patterns = [re.compile(fnmatch.translate(v)) for v in values if v not in exact]
    return lambda value: value in exact or any(p.match(value) for p in patterns)


def _filter_values(state, record, resource_id, name, fields):
    if name.startswith("tag:"):
        value = state.tags.get(resource_id, {}).get(name[4:])
        return [] if value is None else [value]
    if name == "tag-key":
        return list(state.tags.get(resource_id, {}))
    if name == "tag-value":
        return list(state.tags.get(resource_id, {}).values())
    values = fields[name](record)
    if values is None:
        return []
    if not isinstance(values, (list, tuple, set)):
        values = [values]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values]  # EC2 writes true/false


def describe(ctx, kind, params, id_member, fields, render, not_found, max_results=(5, 1000)):
    """The shape every Describe* shares: ids, filters, visibility, paging.

    fields maps filter names to a function of the record returning its value(s).
    """
    state = ctx.state
    table = getattr(state, kind)
    ids = params.get(id_member) or []
    if ids:
        missing = [i for i in ids if i not in table or not ctx.visible(state.created[i])]
        if missing:
            raise AwsError(not_found, f"The {id_member[:-1]} '{missing[0]}' does not exist")
        candidates = [(i, table[i]) for i in dict.fromkeys(ids)]
    else:
        candidates = [(i, r) for i, r in table.items() if ctx.visible(state.created[i])]
    for flt in params.get("Filters", []):
        name = flt["Name"]
        if not (name.startswith("tag:") or name in ("tag-key", "tag-value") or name in fields):
            raise AwsError("InvalidParameterValue", f"The filter '{name}' is invalid")
        match = matcher(flt.get("Values", []))
        candidates = [(i, r) for i, r in candidates
                      if any(match(v) for v in _filter_values(state, r, i, name, fields))]
    limit = params.get("MaxResults")
    if limit is not None and not (max_results[0] <= limit <= max_results[1]):
        raise AwsError("InvalidParameterValue", f"Value ( {limit} ) for parameter maxResults is invalid. "
                       f"Expecting a value between {max_results[0]} and {max_results[1]}.")
    page, token = paging.page(candidates, params.get("NextToken"), limit, "InvalidPaginationToken")
    return [render(ctx, r) for _, r in page], token


def with_tags(ctx, record, id_key):
    return {**record, "Tags": tag_list(ctx.state, record[id_key])}
