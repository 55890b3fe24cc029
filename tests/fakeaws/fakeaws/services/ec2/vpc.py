"""VPCs, subnets, internet gateways and route tables."""
import ipaddress

from ...errors import AwsError
from . import security_groups
from .common import (SERVICE, apply_tag_specifications, describe, find, forget, idempotent, new_id,
                     register, vpc_of, with_tags)


def _network(cidr, what="cidrBlock"):
    try:
        return ipaddress.ip_network(cidr, strict=True)
    except ValueError:
        raise AwsError("InvalidParameterValue", f"Value ({cidr}) for parameter {what} is invalid. "
                       "This is not a valid CIDR block.")


def dependency(resource_id, what):
    return AwsError("DependencyViolation", f"The {what} '{resource_id}' has dependencies and cannot be deleted.")


# --- VPCs ----------------------------------------------------------------------------

VPC_FILTERS = {
    "vpc-id": lambda v: v["VpcId"],
    "cidr": lambda v: v["CidrBlock"],
    "cidr-block-association.cidr-block": lambda v: v["CidrBlock"],
    "state": lambda v: v["State"],
    "is-default": lambda v: v["IsDefault"],
    "owner-id": lambda v: v["OwnerId"],
    "dhcp-options-id": lambda v: v["DhcpOptionsId"],
}


@SERVICE.op("CreateVpc")
def create_vpc(ctx, p):
    if "CidrBlock" not in p:
        raise AwsError("MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.")
    net = _network(p["CidrBlock"])
    if not 16 <= net.prefixlen <= 28:
        raise AwsError("InvalidVpc.Range", f"The CIDR '{p['CidrBlock']}' is invalid.")
    vpc_id = new_id(ctx, "vpc")
    vpc = {"VpcId": vpc_id, "CidrBlock": str(net), "State": "available", "OwnerId": ctx.account,
           "DhcpOptionsId": "dopt-fakeaws0", "InstanceTenancy": p.get("InstanceTenancy", "default"),
           "IsDefault": False,
           "CidrBlockAssociationSet": [{"AssociationId": new_id(ctx, "vpc-cidr-assoc"),
                                        "CidrBlock": str(net), "CidrBlockState": {"State": "associated"}}],
           "_net": net, "_attrs": {"EnableDnsSupport": True, "EnableDnsHostnames": False,
                                   "EnableNetworkAddressUsageMetrics": False},
           "_subnets": set(), "_security_groups": set(), "_route_tables": set(), "_gateways": set()}
    register(ctx, vpc_id, "vpcs", vpc)
    apply_tag_specifications(ctx.state, p, "vpc", vpc_id)
    # AWS gives every VPC a main route table and a default security group.
    vpc["_main_route_table"] = _new_route_table(ctx, vpc, main=True)["RouteTableId"]
    vpc["_default_group"] = security_groups.new_default_group(ctx, vpc_id)
    return {"Vpc": with_tags(ctx, vpc, "VpcId")}


@SERVICE.op("DescribeVpcs")
def describe_vpcs(ctx, p):
    vpcs, token = describe(ctx, "vpcs", p, "VpcIds", VPC_FILTERS,
                           lambda c, v: with_tags(c, v, "VpcId"), "InvalidVpcID.NotFound")
    return {"Vpcs": vpcs, "NextToken": token}


@SERVICE.op("DeleteVpc")
def delete_vpc(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"])
    if vpc["_subnets"] or vpc["_security_groups"] or vpc["_route_tables"] or vpc["_gateways"]:
        raise dependency(p["VpcId"], "vpc")
    forget(ctx.state, "route_tables", vpc["_main_route_table"])
    security_groups.forget_group(ctx, vpc["_default_group"])
    forget(ctx.state, "vpcs", p["VpcId"])
    return {}


VPC_ATTRIBUTES = ("EnableDnsSupport", "EnableDnsHostnames", "EnableNetworkAddressUsageMetrics")


@SERVICE.op("ModifyVpcAttribute")
def modify_vpc_attribute(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"])
    given = [a for a in VPC_ATTRIBUTES if a in p]
    if len(given) != 1:  # AWS changes exactly one attribute per call
        raise AwsError("InvalidParameterCombination", "Exactly one attribute must be specified.")
    vpc["_attrs"][given[0]] = p[given[0]]["Value"]
    return {}


@SERVICE.op("DescribeVpcAttribute")
def describe_vpc_attribute(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"])
    name = p["Attribute"][0].upper() + p["Attribute"][1:]
    return {"VpcId": vpc["VpcId"], name: {"Value": vpc["_attrs"][name]}}


# --- subnets -------------------------------------------------------------------------------

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
    net = _network(p["CidrBlock"])
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
    subnet_id = new_id(ctx, "subnet")
    subnet = {"SubnetId": subnet_id, "VpcId": vpc["VpcId"], "CidrBlock": str(net), "State": "available",
              "AvailabilityZone": zone, "AvailabilityZoneId": zone_id(ctx, zone),
              "AvailableIpAddressCount": net.num_addresses - 5, "DefaultForAz": False,
              "MapPublicIpOnLaunch": False, "AssignIpv6AddressOnCreation": False, "OwnerId": ctx.account,
              "SubnetArn": ctx.arn("ec2", f"subnet/{subnet_id}", ctx.region), "_net": net,
              "_instances": set()}
    register(ctx, subnet_id, "subnets", subnet)
    vpc["_subnets"].add(subnet_id)
    apply_tag_specifications(ctx.state, p, "subnet", subnet_id)
    return {"Subnet": with_tags(ctx, subnet, "SubnetId")}


def zones(ctx):
    return [ctx.region + letter for letter in "abcdef"]


def zone_id(ctx, zone):
    prefix = "".join(part[:1] for part in ctx.region.split("-")[:2])
    return f"{prefix}{ctx.region[-1]}-az{'abcdef'.index(zone[-1]) + 1}"


@SERVICE.op("DescribeSubnets")
def describe_subnets(ctx, p):
    subnets, token = describe(ctx, "subnets", p, "SubnetIds", SUBNET_FILTERS,
                              lambda c, s: with_tags(c, s, "SubnetId"), "InvalidSubnetID.NotFound")
    return {"Subnets": subnets, "NextToken": token}


def subnet_of(ctx, subnet_id):
    return find(ctx, "subnets", subnet_id, "InvalidSubnetID.NotFound", "subnet ID")


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
    if subnet["_instances"]:
        raise dependency(p["SubnetId"], "subnet")
    for table in ctx.state.route_tables.values():  # AWS drops the subnet's association
        table["Associations"] = [a for a in table["Associations"] if a.get("SubnetId") != p["SubnetId"]]
    ctx.state.vpcs[subnet["VpcId"]]["_subnets"].discard(p["SubnetId"])
    forget(ctx.state, "subnets", p["SubnetId"])
    return {}


# --- internet gateways ---------------------------------------------------------------------

IGW_FILTERS = {
    "internet-gateway-id": lambda g: g["InternetGatewayId"],
    "attachment.vpc-id": lambda g: [a["VpcId"] for a in g["Attachments"]],
    "attachment.state": lambda g: [a["State"] for a in g["Attachments"]],
    "owner-id": lambda g: g["OwnerId"],
}


@SERVICE.op("CreateInternetGateway")
def create_internet_gateway(ctx, p):
    igw_id = new_id(ctx, "igw")
    igw = register(ctx, igw_id, "internet_gateways",
                   {"InternetGatewayId": igw_id, "Attachments": [], "OwnerId": ctx.account})
    apply_tag_specifications(ctx.state, p, "internet-gateway", igw_id)
    return {"InternetGateway": with_tags(ctx, igw, "InternetGatewayId")}


@SERVICE.op("DescribeInternetGateways")
def describe_internet_gateways(ctx, p):
    igws, token = describe(ctx, "internet_gateways", p, "InternetGatewayIds", IGW_FILTERS,
                           lambda c, g: with_tags(c, g, "InternetGatewayId"),
                           "InvalidInternetGatewayID.NotFound")
    return {"InternetGateways": igws, "NextToken": token}


def _igw(ctx, igw_id):
    return find(ctx, "internet_gateways", igw_id, "InvalidInternetGatewayID.NotFound", "internetGateway ID")


@SERVICE.op("AttachInternetGateway")
def attach_internet_gateway(ctx, p):
    igw, vpc = _igw(ctx, p["InternetGatewayId"]), vpc_of(ctx, p["VpcId"])
    if igw["Attachments"]:
        raise AwsError("Resource.AlreadyAssociated", f"resource {igw['InternetGatewayId']} is already "
                       f"attached to network {igw['Attachments'][0]['VpcId']}")
    if vpc["_gateways"]:
        raise AwsError("Resource.AlreadyAssociated", f"network {vpc['VpcId']} already has an internet "
                       "gateway attached")
    igw["Attachments"] = [{"VpcId": vpc["VpcId"], "State": "available"}]
    vpc["_gateways"].add(igw["InternetGatewayId"])
    return {}


@SERVICE.op("DetachInternetGateway")
def detach_internet_gateway(ctx, p):
    igw = _igw(ctx, p["InternetGatewayId"])
    vpc_of(ctx, p["VpcId"])
    if not igw["Attachments"] or igw["Attachments"][0]["VpcId"] != p["VpcId"]:
        raise AwsError("Gateway.NotAttached", f"resource {p['InternetGatewayId']} is not attached to "
                       f"network {p['VpcId']}")
    igw["Attachments"] = []
    ctx.state.vpcs[p["VpcId"]]["_gateways"].discard(p["InternetGatewayId"])
    return {}


@SERVICE.op("DeleteInternetGateway")
def delete_internet_gateway(ctx, p):
    if _igw(ctx, p["InternetGatewayId"])["Attachments"]:
        raise dependency(p["InternetGatewayId"], "internetGateway")
    forget(ctx.state, "internet_gateways", p["InternetGatewayId"])
    return {}


# --- route tables ------------------------------------------------------------------------------

RTB_FILTERS = {
    "route-table-id": lambda t: t["RouteTableId"],
    "vpc-id": lambda t: t["VpcId"],
    "association.main": lambda t: [a["Main"] for a in t["Associations"]],
    "association.subnet-id": lambda t: [a.get("SubnetId") for a in t["Associations"] if a.get("SubnetId")],
    "association.route-table-association-id":
        lambda t: [a["RouteTableAssociationId"] for a in t["Associations"]],
    "route.destination-cidr-block": lambda t: [r.get("DestinationCidrBlock") for r in t["Routes"]],
    "route.gateway-id": lambda t: [r.get("GatewayId") for r in t["Routes"] if r.get("GatewayId")],
    "owner-id": lambda t: t["OwnerId"],
}

ROUTE_TARGETS = ("GatewayId", "NatGatewayId", "InstanceId", "NetworkInterfaceId",
                 "VpcPeeringConnectionId", "TransitGatewayId", "VpcEndpointId", "EgressOnlyInternetGatewayId")


def _new_route_table(ctx, vpc, main=False):
    rtb_id = new_id(ctx, "rtb")
    table = {"RouteTableId": rtb_id, "VpcId": vpc["VpcId"], "OwnerId": ctx.account, "PropagatingVgws": [],
             "Routes": [{"DestinationCidrBlock": vpc["CidrBlock"], "GatewayId": "local",
                         "State": "active", "Origin": "CreateRouteTable"}],
             "Associations": []}
    if main:
        table["Associations"].append(_association(ctx, rtb_id, {"Main": True}))
    return register(ctx, rtb_id, "route_tables", table)


def _association(ctx, rtb_id, target):
    return {"RouteTableAssociationId": new_id(ctx, "rtbassoc"), "RouteTableId": rtb_id, "Main": False,
            "AssociationState": {"State": "associated"}, **target}


@SERVICE.op("CreateRouteTable")
def create_route_table(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"])
    return idempotent(ctx, "CreateRouteTable", p, lambda: _create_route_table(ctx, p, vpc))


def _create_route_table(ctx, p, vpc):
    table = _new_route_table(ctx, vpc)
    vpc["_route_tables"].add(table["RouteTableId"])
    apply_tag_specifications(ctx.state, p, "route-table", table["RouteTableId"])
    return {"RouteTable": with_tags(ctx, table, "RouteTableId"), "ClientToken": p.get("ClientToken")}


@SERVICE.op("DescribeRouteTables")
def describe_route_tables(ctx, p):
    tables, token = describe(ctx, "route_tables", p, "RouteTableIds", RTB_FILTERS,
                             lambda c, t: with_tags(c, t, "RouteTableId"), "InvalidRouteTableID.NotFound")
    return {"RouteTables": tables, "NextToken": token}


def _table(ctx, rtb_id):
    return find(ctx, "route_tables", rtb_id, "InvalidRouteTableID.NotFound", "routeTable ID")


def _route_target(ctx, p):
    targets = {k: p[k] for k in ROUTE_TARGETS if k in p}
    if len(targets) != 1:
        raise AwsError("InvalidParameterCombination", "Exactly one route target must be specified.")
    if "GatewayId" in targets and targets["GatewayId"].startswith("igw-"):
        _igw(ctx, targets["GatewayId"])
    return targets


def _find_route(table, destination):
    for route in table["Routes"]:
        if route.get("DestinationCidrBlock") == destination:
            return route
    return None


def _destination(p):
    destination = p.get("DestinationCidrBlock") or p.get("DestinationIpv6CidrBlock")
    if not destination:
        raise AwsError("MissingParameter", "The request must contain the parameter destinationCidrBlock")
    return str(_network(destination, "destinationCidrBlock"))


@SERVICE.op("CreateRoute")
def create_route(ctx, p):
    table = _table(ctx, p["RouteTableId"])
    destination, target = _destination(p), _route_target(ctx, p)
    if _find_route(table, destination):
        raise AwsError("RouteAlreadyExists", f"The route identified by {destination} already exists.")
    table["Routes"].append({"DestinationCidrBlock": destination, "State": "active",
                            "Origin": "CreateRoute", **target})
    return {"Return": True}


@SERVICE.op("ReplaceRoute")
def replace_route(ctx, p):
    table = _table(ctx, p["RouteTableId"])
    destination, target = _destination(p), _route_target(ctx, p)
    route = _find_route(table, destination)
    if route is None or route.get("GatewayId") == "local":
        raise AwsError("InvalidRoute.NotFound", f"no route with destination-cidr-block {destination} in "
                       f"route table {p['RouteTableId']}")
    for key in ROUTE_TARGETS:
        route.pop(key, None)
    route.update(target)
    return {}


@SERVICE.op("DeleteRoute")
def delete_route(ctx, p):
    table = _table(ctx, p["RouteTableId"])
    destination = _destination(p)
    route = _find_route(table, destination)
    if route is None:
        raise AwsError("InvalidRoute.NotFound", f"no route with destination-cidr-block {destination} in "
                       f"route table {p['RouteTableId']}")
    table["Routes"].remove(route)
    return {}


@SERVICE.op("AssociateRouteTable")
def associate_route_table(ctx, p):
    table = _table(ctx, p["RouteTableId"])
    if "SubnetId" in p:
        subnet = subnet_of(ctx, p["SubnetId"])
        for other in ctx.state.route_tables.values():
            if any(a.get("SubnetId") == subnet["SubnetId"] for a in other["Associations"]):
                raise AwsError("Resource.AlreadyAssociated", f"the specified association for route table "
                               f"{other['RouteTableId']} conflicts with an existing association")
        target = {"SubnetId": subnet["SubnetId"]}
    elif "GatewayId" in p:
        target = {"GatewayId": p["GatewayId"]}
    else:
        raise AwsError("MissingParameter", "Either subnetId or gatewayId must be specified.")
    association = _association(ctx, table["RouteTableId"], target)
    table["Associations"].append(association)
    return {"AssociationId": association["RouteTableAssociationId"],
            "AssociationState": association["AssociationState"]}


@SERVICE.op("DisassociateRouteTable")
def disassociate_route_table(ctx, p):
    for table in ctx.state.route_tables.values():
        for association in table["Associations"]:
            if association["RouteTableAssociationId"] == p["AssociationId"] and not association["Main"]:
                table["Associations"].remove(association)
                return {}
    raise AwsError("InvalidAssociationID.NotFound", f"The association ID '{p['AssociationId']}' does not exist")


@SERVICE.op("DeleteRouteTable")
def delete_route_table(ctx, p):
    table = _table(ctx, p["RouteTableId"])
    if table["Associations"]:
        raise dependency(p["RouteTableId"], "routeTable")
    ctx.state.vpcs[table["VpcId"]]["_route_tables"].discard(p["RouteTableId"])
    forget(ctx.state, "route_tables", p["RouteTableId"])
    return {}
