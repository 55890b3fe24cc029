"""The default VPC each region of an AWS account starts with: 172.31.0.0/16, one /20 default
subnet per zone (public addresses on launch), an attached internet gateway, and a main route
table sending 0.0.0.0/0 to it. /_fake/config "default_vpc": false starts regions without one
(from the next reset on). Also CreateDefaultVpc and DescribeAccountAttributes.
"""
import ipaddress

from ...errors import AwsError
from . import internet_gateways, route_tables, subnets, vpc
from .common import SERVICE, default_vpc_of, with_tags, zones

CIDR = ipaddress.ip_network("172.31.0.0/16")


def populate(ctx):
    """Fill a region's new EC2 state; its records count as existing since long ago."""
    if ctx.world.settings["default_vpc"]:
        create(ctx)


SERVICE.populate = populate


def create(ctx):
    default = vpc.new_vpc(ctx, CIDR, is_default=True)
    for zone, net in zip(zones(ctx), CIDR.subnets(new_prefix=20)):
        subnets.new_subnet(ctx, default, net, zone, default_for_az=True)
    igw = internet_gateways.new_internet_gateway(ctx)
    internet_gateways.attach(igw, default)
    main = ctx.state.route_tables[default["_main_route_table"]]
    route_tables.add_route(main, {"DestinationCidrBlock": "0.0.0.0/0"}, {"GatewayId": igw["InternetGatewayId"]})
    return default


@SERVICE.op("CreateDefaultVpc")
def create_default_vpc(ctx, p):
    if default_vpc_of(ctx) is not None:
        raise AwsError("DefaultVpcAlreadyExists", "A Default VPC already exists for this account in this region.")
    return {"Vpc": with_tags(ctx, create(ctx), "VpcId")}


@SERVICE.op("DescribeAccountAttributes")
def describe_account_attributes(ctx, p):
    default = default_vpc_of(ctx)
    attributes = {"supported-platforms": ["VPC"], "default-vpc": [default["VpcId"] if default else "none"],
                  "max-instances": ["20"], "vpc-max-security-groups-per-interface": ["5"],
                  "max-elastic-ips": ["5"], "vpc-max-elastic-ips": ["5"]}
    names = p.get("AttributeNames") or list(attributes)
    return {"AccountAttributes": [{"AttributeName": name,
                                   "AttributeValues": [{"AttributeValue": v} for v in attributes[name]]}
                                  for name in names]}
