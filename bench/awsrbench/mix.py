"""Generated desired-state directories: a realistic mix of resource types, table-driven.

One "unit" is a small, self-contained set-up (a VPC with its subnets and security groups, a
team's IAM group with users, a role with its policy). Each row of MIX says how many resources
of a type one unit holds and how to write one of them. A directory of N resources is as many
units as fit, then a partial unit. A new type joins the mix with one row; rows whose type the
daemon does not support (yet) are dropped at run time, so the mix is always what exists.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Kind:
    type: str
    per_unit: int  # resources of this type in one unit
    # (unit, index within the unit) -> (logical ID, resource body)
    make: Callable[[int, int], tuple]
    needs: tuple = ()  # types its resources refer to: without them the row cannot be used


def vpc(unit, _):
    return f"Vpc{unit}", {
        "Type": "AWS::EC2::VPC",
        "Properties": {
            "CidrBlock": f"10.{unit // 256 % 256}.{unit % 256}.0/24",
            "EnableDnsHostnames": True,
            "Tags": [{"Key": "Name", "Value": f"bench-{unit}"}],
        },
        "DeletionPolicy": "Delete",
    }


def subnet(unit, index):
    return f"Subnet{unit}x{index}", {
        "Type": "AWS::EC2::Subnet",
        "Properties": {
            "VpcId": {"Ref": f"Vpc{unit}"},
            "CidrBlock": f"10.{unit // 256 % 256}.{unit % 256}.{index * 64}/26",
            "Tags": [{"Key": "tier", "Value": "public" if index == 0 else "private"}],
        },
        "DeletionPolicy": "Delete",
    }


def security_group(unit, index):
    port = 8000 + index
    return f"Sg{unit}x{index}", {
        "Type": "AWS::EC2::SecurityGroup",
        "Properties": {
            "GroupName": f"bench-{unit}-{index}",
            "GroupDescription": f"service {index} of unit {unit}",
            "VpcId": {"Ref": f"Vpc{unit}"},
            "SecurityGroupIngress": [
                {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": "10.0.0.0/8"},
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "192.168.0.0/16"},
            ],
            "Tags": [{"Key": "service", "Value": f"svc{index}"}],
        },
        "DeletionPolicy": "Delete",
    }


def iam_group(unit, _):
    return f"Team{unit}", {
        "Type": "AWS::IAM::Group",
        "Properties": {
            "GroupName": f"bench-team-{unit}",
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        },
        "DeletionPolicy": "Delete",
    }


def iam_user(unit, index):
    return f"User{unit}x{index}", {
        "Type": "AWS::IAM::User",
        "Properties": {"UserName": f"bench-user-{unit}-{index}", "Groups": [{"Ref": f"Team{unit}"}]},
        "DeletionPolicy": "Delete",
    }


def iam_role(unit, _):
    return f"Role{unit}", {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "RoleName": f"bench-role-{unit}",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                               "Action": "sts:AssumeRole"}],
            },
            "Policies": [{
                "PolicyName": "read-bucket",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                   "Resource": f"arn:aws:s3:::bench-{unit}/*"}],
                },
            }],
        },
        "DeletionPolicy": "Delete",
    }


# The mix. VPC must stay first: the other EC2 rows refer to their unit's VPC.
MIX = [
    Kind("AWS::EC2::VPC", 1, vpc),
    Kind("AWS::EC2::Subnet", 2, subnet, needs=("AWS::EC2::VPC",)),
    Kind("AWS::EC2::SecurityGroup", 5, security_group, needs=("AWS::EC2::VPC",)),
    Kind("AWS::IAM::Group", 1, iam_group),
    Kind("AWS::IAM::User", 3, iam_user, needs=("AWS::IAM::Group",)),
    Kind("AWS::IAM::Role", 1, iam_role),
]


# --- The realistic mix: 10,000 resources within AWS's default quotas -------------------------
#
# One unit is one VPC of a multi-region estate and its share of the account-wide IAM and S3
# resources: 500 resources. 20 units = 10,000. The quotas it stays within (AWS defaults, per
# account unless noted) and what 20 units use:
#
#   VPCs per region                 5 (the default VPC counts)    4 + the default VPC, 5 regions
#   subnets per VPC               200                             60
#   security groups per region  2,500                             4 x 275 = 1,100 (+ 5 defaults)
#   rules per security group       60 in, 60 out                  2 in, the default 1 out
#   internet gateways per region    5                             4
#   route tables per VPC          200                             2 + the main one
#   IAM roles                   1,000                             800
#   IAM users                   5,000                             900, each in one group
#   IAM groups                    300                             100
#   customer managed policies   1,500                             100
#   S3 buckets                    100 (the long-standing default; 80
#                                 10,000 since Nov 2024)
#
# Regions: unit u's VPC is in REALISTIC_REGIONS[u // 4 % 5] (the resource's own `Region`
# attribute, so the one-file layout keeps it too).
REALISTIC_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")
VPCS_PER_REGION = 4


def region_of(unit):
    return REALISTIC_REGIONS[unit // VPCS_PER_REGION % len(REALISTIC_REGIONS)]


def _in_region(unit, body):
    return {**body, "Region": region_of(unit)}


def rl_vpc(unit, _):
    return f"Vpc{unit}", _in_region(unit, {
        "Type": "AWS::EC2::VPC",
        "Properties": {"CidrBlock": f"10.{unit % 256}.0.0/16", "EnableDnsHostnames": True,
                       "Tags": [{"Key": "Name", "Value": f"estate-{unit}"}]},
        "DeletionPolicy": "Delete",
    })


def rl_internet_gateway(unit, _):
    return f"Igw{unit}", _in_region(unit, {
        "Type": "AWS::EC2::InternetGateway",
        "Properties": {"Tags": [{"Key": "Name", "Value": f"estate-{unit}"}]},
        "DeletionPolicy": "Delete",
    })


def rl_gateway_attachment(unit, _):
    return f"IgwAttachment{unit}", _in_region(unit, {
        "Type": "AWS::EC2::VPCGatewayAttachment",
        "Properties": {"VpcId": {"Ref": f"Vpc{unit}"}, "InternetGatewayId": {"Ref": f"Igw{unit}"}},
        "DeletionPolicy": "Delete",
    })


def rl_route_table(unit, index):
    tier = ("public", "private")[index]
    return f"RouteTable{unit}x{index}", _in_region(unit, {
        "Type": "AWS::EC2::RouteTable",
        "Properties": {"VpcId": {"Ref": f"Vpc{unit}"}, "Tags": [{"Key": "Name", "Value": tier}]},
        "DeletionPolicy": "Delete",
    })


def rl_default_route(unit, _):
    return f"DefaultRoute{unit}", _in_region(unit, {
        "Type": "AWS::EC2::Route",
        "DependsOn": f"IgwAttachment{unit}",
        "Properties": {"RouteTableId": {"Ref": f"RouteTable{unit}x0"}, "DestinationCidrBlock": "0.0.0.0/0",
                       "GatewayId": {"Ref": f"Igw{unit}"}},
        "DeletionPolicy": "Delete",
    })


def rl_subnet(unit, index):
    return f"Subnet{unit}x{index}", _in_region(unit, {
        "Type": "AWS::EC2::Subnet",
        "Properties": {
            "VpcId": {"Ref": f"Vpc{unit}"},
            "CidrBlock": f"10.{unit % 256}.{index}.0/24",
            "AvailabilityZone": region_of(unit) + "abc"[index % 3],
            "Tags": [{"Key": "tier", "Value": "public" if index < 6 else "private"}],
        },
        "DeletionPolicy": "Delete",
    })


def rl_subnet_association(unit, index):
    return f"SubnetRoutes{unit}x{index}", _in_region(unit, {
        "Type": "AWS::EC2::SubnetRouteTableAssociation",
        "Properties": {"SubnetId": {"Ref": f"Subnet{unit}x{index}"},
                       "RouteTableId": {"Ref": f"RouteTable{unit}x{0 if index < 6 else 1}"}},
        "DeletionPolicy": "Delete",
    })


def rl_security_group(unit, index):
    logical_id, body = security_group(unit, index)
    return logical_id, _in_region(unit, body)


def rl_managed_policy(unit, index):
    return f"Policy{unit}x{index}", {
        "Type": "AWS::IAM::ManagedPolicy",
        "Properties": {
            "ManagedPolicyName": f"estate-{unit}-{index}",
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [f"arn:aws:s3:::awsr-estate-{unit}-{index % 4}",
                             f"arn:aws:s3:::awsr-estate-{unit}-{index % 4}/*"]}]},
        },
        "DeletionPolicy": "Delete",
    }


def rl_iam_group(unit, index):
    return f"Team{unit}x{index}", {
        "Type": "AWS::IAM::Group",
        "Properties": {"GroupName": f"estate-team-{unit}-{index}",
                       "ManagedPolicyArns": [{"Ref": f"Policy{unit}x{index}"}]},
        "DeletionPolicy": "Delete",
    }


def rl_iam_user(unit, index):
    return f"User{unit}x{index}", {
        "Type": "AWS::IAM::User",
        "Properties": {"UserName": f"estate-user-{unit}-{index}",
                       "Groups": [{"Ref": f"Team{unit}x{index % 5}"}],
                       "Tags": [{"Key": "team", "Value": f"team-{index % 5}"}]},
        "DeletionPolicy": "Delete",
    }


def rl_iam_role(unit, index):
    logical_id, body = iam_role(unit * 100 + index, 0)
    body["Properties"]["RoleName"] = f"estate-role-{unit}-{index}"
    return f"Role{unit}x{index}", body


def rl_bucket(unit, index):
    return f"Bucket{unit}x{index}", _in_region(unit, {
        "Type": "AWS::S3::Bucket",
        "Properties": {"BucketName": f"awsr-estate-{unit}-{index}",
                       "Tags": [{"Key": "team", "Value": f"team-{index}"}]},
        "DeletionPolicy": "Delete",
    })


REALISTIC = [
    Kind("AWS::EC2::VPC", 1, rl_vpc),
    Kind("AWS::EC2::InternetGateway", 1, rl_internet_gateway),
    Kind("AWS::EC2::VPCGatewayAttachment", 1, rl_gateway_attachment,
         needs=("AWS::EC2::VPC", "AWS::EC2::InternetGateway")),
    Kind("AWS::EC2::RouteTable", 2, rl_route_table, needs=("AWS::EC2::VPC",)),
    Kind("AWS::EC2::Route", 1, rl_default_route,
         needs=("AWS::EC2::RouteTable", "AWS::EC2::VPCGatewayAttachment")),
    Kind("AWS::EC2::Subnet", 60, rl_subnet, needs=("AWS::EC2::VPC",)),
    Kind("AWS::EC2::SubnetRouteTableAssociation", 60, rl_subnet_association,
         needs=("AWS::EC2::Subnet", "AWS::EC2::RouteTable")),
    Kind("AWS::EC2::SecurityGroup", 275, rl_security_group, needs=("AWS::EC2::VPC",)),
    Kind("AWS::IAM::ManagedPolicy", 5, rl_managed_policy),
    Kind("AWS::IAM::Group", 5, rl_iam_group, needs=("AWS::IAM::ManagedPolicy",)),
    Kind("AWS::IAM::User", 45, rl_iam_user, needs=("AWS::IAM::Group",)),
    Kind("AWS::IAM::Role", 40, rl_iam_role),
    Kind("AWS::S3::Bucket", 4, rl_bucket),
]

# The mixes bench/cost.py and bench/run.py can be asked for (--mix).
MIXES = {"stress": MIX, "realistic": REALISTIC}


def usable(mix):
    """The rows whose referenced types are in the mix too."""
    types = {kind.type for kind in mix}
    return [kind for kind in mix if types.issuperset(kind.needs)]


def generate(mix, total):
    """Yields (unit, logical ID, body) until `total` resources; whole units first."""
    if not any(kind.per_unit for kind in mix):
        raise ValueError("the mix is empty")
    count = 0
    unit = 0
    while count < total:
        for kind in mix:
            for index in range(kind.per_unit):
                if count == total:
                    return
                logical_id, body = kind.make(unit, index)
                yield unit, logical_id, body
                count += 1
        unit += 1


def write_directory(directory, mix, total, layout):
    """Writes `total` resources: layout "one-file" (all in one file) or "many-files" (a file per
    unit). Returns the number of files written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for unit, logical_id, body in generate(mix, total):
        name = "all.json" if layout == "one-file" else f"unit-{unit:05d}.json"
        files.setdefault(name, {})[logical_id] = body
    for name, resources in files.items():
        write_atomically(directory / name, json.dumps({"Resources": resources}))
    return len(files)


def write_atomically(path, text):
    """Writes a hidden temporary name, then renames: how deployment tools drop files."""
    path = Path(path)
    temporary = path.with_name("." + path.name + ".tmp")
    temporary.write_text(text)
    os.rename(temporary, path)


def mix_description(mix):
    return {kind.type: kind.per_unit for kind in mix}


# What a reaction drop adds, first supported wins: a security group in unit 0's VPC (a bulk
# observe; numbered past any unit's own groups, so in either mix), else a VPC of a unit of its own.
DROPS = [
    ("AWS::EC2::SecurityGroup", lambda drop: security_group(0, 1000 + drop)),
    ("AWS::EC2::VPC", lambda drop: vpc(50000 + drop, 0)),
]


def drop_resource(mix, drop):
    """(type, logical ID, body) of the resource the drop numbered `drop` adds."""
    supported = {kind.type for kind in mix}
    for type_name, make in DROPS:
        if type_name in supported:
            return (type_name, *make(drop))
    raise ValueError("no type in the mix can be dropped")
