"""Internet gateways and their attachment to a VPC."""
from ...errors import AwsError
from .common import (SERVICE, apply_tag_specifications, dependency, describe, forget, igw_of, new_id, register,
                     vpc_of, with_tags)


IGW_FILTERS = {
    "internet-gateway-id": lambda g: g["InternetGatewayId"],
    "attachment.vpc-id": lambda g: [a["VpcId"] for a in g["Attachments"]],
    "attachment.state": lambda g: [a["State"] for a in g["Attachments"]],
    "owner-id": lambda g: g["OwnerId"],
}


@SERVICE.op("CreateInternetGateway")
def create_internet_gateway(ctx, p):
    igw = new_internet_gateway(ctx)
    apply_tag_specifications(ctx.state, p, "internet-gateway", igw["InternetGatewayId"])
    return {"InternetGateway": with_tags(ctx, igw, "InternetGatewayId")}


def new_internet_gateway(ctx):
    igw_id = new_id(ctx, "igw")
    return register(ctx, igw_id, "internet_gateways",
                    {"InternetGatewayId": igw_id, "Attachments": [], "OwnerId": ctx.account})


def attach(igw, vpc):
    igw["Attachments"] = [{"VpcId": vpc["VpcId"], "State": "available"}]
    vpc["_gateways"].add(igw["InternetGatewayId"])


@SERVICE.op("DescribeInternetGateways")
def describe_internet_gateways(ctx, p):
    igws, token = describe(ctx, "internet_gateways", p, "InternetGatewayIds", IGW_FILTERS,
                           lambda c, g: with_tags(c, g, "InternetGatewayId"),
                           "InvalidInternetGatewayID.NotFound")
    return {"InternetGateways": igws, "NextToken": token}


@SERVICE.op("AttachInternetGateway")
def attach_internet_gateway(ctx, p):
    igw, vpc = igw_of(ctx, p["InternetGatewayId"]), vpc_of(ctx, p["VpcId"])
    if igw["Attachments"]:
        raise AwsError("Resource.AlreadyAssociated", f"resource {igw['InternetGatewayId']} is already "
                       f"attached to network {igw['Attachments'][0]['VpcId']}")
    if vpc["_gateways"]:
        raise AwsError("Resource.AlreadyAssociated", f"network {vpc['VpcId']} already has an internet "
                       "gateway attached")
    attach(igw, vpc)
    return {}


@SERVICE.op("DetachInternetGateway")
def detach_internet_gateway(ctx, p):
    igw = igw_of(ctx, p["InternetGatewayId"])
    vpc_of(ctx, p["VpcId"])
    if not igw["Attachments"] or igw["Attachments"][0]["VpcId"] != p["VpcId"]:
        raise AwsError("Gateway.NotAttached", f"resource {p['InternetGatewayId']} is not attached to "
                       f"network {p['VpcId']}")
    igw["Attachments"] = []
    ctx.state.vpcs[p["VpcId"]]["_gateways"].discard(p["InternetGatewayId"])
    return {}


@SERVICE.op("DeleteInternetGateway")
def delete_internet_gateway(ctx, p):
    if igw_of(ctx, p["InternetGatewayId"])["Attachments"]:
        raise dependency(p["InternetGatewayId"], "internetGateway")
    forget(ctx.state, "internet_gateways", p["InternetGatewayId"])
    return {}

