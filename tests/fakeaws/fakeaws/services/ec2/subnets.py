"""Subnets: range and overlap checks against their VPC."""
from ...errors import AwsError
from .common import (SERVICE, apply_tag_specifications, dependency, describe, endpoints_using, forget, network,
                     new_id, register, subnet_of, vpc_of, with_tags, zone_id, zones)


SUBNET_FILTERS = {
    "subnet-id": lambda s: s["SubnetId"],
    "vpc-id": lambda s: s["VpcId"],
    "cidr-block": lambda s: s["CidrBlock"],
    "cidr": lambda s: s["CidrBlock"],
    "availability-zone": lambda s: s["AvailabilityZone"],
    "state": lambda s: s["State"],
    "default-for-az": lambda s: s["DefaultForAz"],
    "map-public-ip-on-launch": lambda s: s["MapPublicIpOnLaunch"],
    "owner-id": lambda s: s["OwnerId"],
}


@SERVICE.op("CreateSubnet")
def create_subnet(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"])
    if "CidrBlock" not in p:
        raise AwsError("MissingParameter", "The request must contain the parameter cidrBlock")
    net = network(p["CidrBlock"])
    if not net.subnet_of(vpc["_net"]) or net.prefixlen > 28:
        raise AwsError("InvalidSubnet.Range", f"The CIDR '{p['CidrBlock']}' is invalid.")
    for other in vpc["_subnets"]:
        if ctx.state.subnets[other]["_net"].overlaps(net):
            raise AwsError("InvalidSubnet.Conflict", f"The CIDR '{p['CidrBlock']}' conflicts with "
                           "another subnet")
    zone = p.get("AvailabilityZone") or ctx.region + "a"
    if not zone.startswith(ctx.region):
        raise AwsError("InvalidParameterValue", f"Value ({zone}) for parameter availabilityZone is invalid. "
                       f"Subnets can currently only be created in the following availability zones: "
                       f"{', '.join(zones(ctx))}.")
    subnet = new_subnet(ctx, vpc, net, zone)
    apply_tag_specifications(ctx.state, p, "subnet", subnet["SubnetId"])
    return {"Subnet": with_tags(ctx, subnet, "SubnetId")}


def new_subnet(ctx, vpc, net, zone, default_for_az=False):
    """A registered subnet of vpc; a default subnet also gives instances public addresses."""
    subnet_id = new_id(ctx, "subnet")
    subnet = {"SubnetId": subnet_id, "VpcId": vpc["VpcId"], "CidrBlock": str(net), "State": "available",
              "AvailabilityZone": zone, "AvailabilityZoneId": zone_id(ctx, zone),
              "AvailableIpAddressCount": net.num_addresses - 5, "DefaultForAz": default_for_az,
              "MapPublicIpOnLaunch": default_for_az, "AssignIpv6AddressOnCreation": False,
              "OwnerId": ctx.account, "SubnetArn": ctx.arn("ec2", f"subnet/{subnet_id}", ctx.region),
              "_net": net, "_instances": set()}
    register(ctx, subnet_id, "subnets", subnet)
    vpc["_subnets"].add(subnet_id)
    return subnet


@SERVICE.op("DescribeSubnets")
def describe_subnets(ctx, p):
    subnets, token = describe(ctx, "subnets", p, "SubnetIds", SUBNET_FILTERS,
                              lambda c, s: with_tags(c, s, "SubnetId"), "InvalidSubnetID.NotFound")
    return {"Subnets": subnets, "NextToken": token}


@SERVICE.op("ModifySubnetAttribute")
def modify_subnet_attribute(ctx, p):
    subnet = subnet_of(ctx, p["SubnetId"])
    for attribute in ("MapPublicIpOnLaunch", "AssignIpv6AddressOnCreation"):
        if attribute in p:
            subnet[attribute] = p[attribute]["Value"]
    return {}


@SERVICE.op("DeleteSubnet")
def delete_subnet(ctx, p):
    subnet = subnet_of(ctx, p["SubnetId"])
    if subnet["_instances"] or endpoints_using(ctx, "SubnetIds", p["SubnetId"]):
        raise dependency(p["SubnetId"], "subnet")
    for table in ctx.state.route_tables.values():  # AWS drops the subnet's association
        table["Associations"] = [a for a in table["Associations"] if a.get("SubnetId") != p["SubnetId"]]
    ctx.state.vpcs[subnet["VpcId"]]["_subnets"].discard(p["SubnetId"])
    forget(ctx.state, "subnets", p["SubnetId"])
    return {}

