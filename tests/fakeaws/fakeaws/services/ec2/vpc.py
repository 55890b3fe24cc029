"""VPCs: each comes with a main route table and a default security group."""
from ...errors import AwsError
from . import route_tables, security_groups
from .common import (SERVICE, apply_tag_specifications, dependency, describe, endpoints_using, forget, network,
                     new_id, register, vpc_of, with_tags)


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
    net = network(p["CidrBlock"])
    if not 16 <= net.prefixlen <= 28:
        raise AwsError("InvalidVpc.Range", f"The CIDR '{p['CidrBlock']}' is invalid.")
    vpc = new_vpc(ctx, net, p.get("InstanceTenancy", "default"))
    apply_tag_specifications(ctx.state, p, "vpc", vpc["VpcId"])
    return {"Vpc": with_tags(ctx, vpc, "VpcId")}


def new_vpc(ctx, net, tenancy="default", is_default=False):
    """A registered VPC with the main route table and default security group AWS gives each."""
    vpc_id = new_id(ctx, "vpc")
    vpc = {"VpcId": vpc_id, "CidrBlock": str(net), "State": "available", "OwnerId": ctx.account,
           "DhcpOptionsId": "dopt-fakeaws0", "InstanceTenancy": tenancy, "IsDefault": is_default,
           "CidrBlockAssociationSet": [{"AssociationId": new_id(ctx, "vpc-cidr-assoc"),
                                        "CidrBlock": str(net), "CidrBlockState": {"State": "associated"}}],
           "_net": net, "_attrs": {"EnableDnsSupport": True, "EnableDnsHostnames": is_default,
                                   "EnableNetworkAddressUsageMetrics": False},
           "_subnets": set(), "_security_groups": set(), "_route_tables": set(), "_gateways": set()}
    register(ctx, vpc_id, "vpcs", vpc)
    vpc["_main_route_table"] = route_tables.new_route_table(ctx, vpc, main=True)["RouteTableId"]
    vpc["_default_group"] = security_groups.new_default_group(ctx, vpc_id)
    return vpc


@SERVICE.op("DescribeVpcs")
def describe_vpcs(ctx, p):
    vpcs, token = describe(ctx, "vpcs", p, "VpcIds", VPC_FILTERS,
                           lambda c, v: with_tags(c, v, "VpcId"), "InvalidVpcID.NotFound")
    return {"Vpcs": vpcs, "NextToken": token}


@SERVICE.op("DeleteVpc")
def delete_vpc(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"])
    if vpc["_subnets"] or vpc["_security_groups"] or vpc["_route_tables"] or vpc["_gateways"] or \
            endpoints_using(ctx, "VpcId", p["VpcId"]):
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

