"""DB subnet groups: subnets come from the fake's EC2 state and must cover two zones."""
import re

from ...errors import AwsError
from .. import managed_db
from .common import SERVICE, arn, subnet_group_of
from .lifecycle import settle

_NAME = re.compile(r"[a-z0-9 ._-]{1,255}")


@SERVICE.op("CreateDBSubnetGroup")
def create_db_subnet_group(ctx, p):
    name = p["DBSubnetGroupName"].lower()
    if not _NAME.fullmatch(name) or name == "default":
        raise AwsError("InvalidParameterValue", "The parameter DBSubnetGroupName is not a valid name: "
                       "only letters, digits, spaces, periods, underscores and hyphens, and not 'default'.")
    if name in ctx.state.subnet_groups:
        raise AwsError("DBSubnetGroupAlreadyExists", f"The DB subnet group '{name}' already exists.")
    subnets = managed_db.ec2_subnets(ctx, p["SubnetIds"])
    if len({s["AvailabilityZone"] for s in subnets}) < 2:
        raise AwsError("DBSubnetGroupDoesNotCoverEnoughAZs", "The DB subnet group doesn't meet Availability "
                       "Zone (AZ) coverage requirement. Current AZ coverage: "
                       f"{subnets[0]['AvailabilityZone']}. Add subnets to cover at least 2 AZs.")
    group = {"DBSubnetGroupName": name, "DBSubnetGroupDescription": p["DBSubnetGroupDescription"],
             "VpcId": subnets[0]["VpcId"], "SubnetGroupStatus": "Complete",
             "Subnets": managed_db.subnet_members(subnets), "DBSubnetGroupArn": arn(ctx, "subgrp", name),
             "SupportedNetworkTypes": ["IPV4"], "TagList": managed_db.merge_tags([], p.get("Tags", [])),
             "_created": ctx.now}
    ctx.state.subnet_groups[name] = group
    return {"DBSubnetGroup": group}


@SERVICE.op("DescribeDBSubnetGroups")
def describe_db_subnet_groups(ctx, p):
    if p.get("DBSubnetGroupName"):
        groups = [subnet_group_of(ctx, p["DBSubnetGroupName"], require_visible=True)]
    else:
        groups = [g for g in ctx.state.subnet_groups.values() if ctx.visible(g["_created"])]
    page, marker = managed_db.page(p, groups)
    return {"DBSubnetGroups": page, "Marker": marker}


@SERVICE.op("DeleteDBSubnetGroup")
def delete_db_subnet_group(ctx, p):
    settle(ctx)
    group = subnet_group_of(ctx, p["DBSubnetGroupName"])
    name = group["DBSubnetGroupName"]
    users = [i["DBInstanceIdentifier"] for i in ctx.state.instances.values()
             if (i["DBSubnetGroup"] or {}).get("DBSubnetGroupName") == name]
    if users:
        raise AwsError("InvalidDBSubnetGroupStateFault", f"Cannot delete the subnet group '{name}' because "
                       f"at least one database instance: {users[0]} is still using it.")
    del ctx.state.subnet_groups[name]
    return {}


@SERVICE.op("ModifyDBSubnetGroup")
def modify_db_subnet_group(ctx, p):
    """New subnets replace the old ones: one VPC (the group's while instances use it), two zones."""
    settle(ctx)
    group = subnet_group_of(ctx, p["DBSubnetGroupName"])
    subnets = managed_db.ec2_subnets(ctx, p["SubnetIds"])
    in_use = any((i["DBSubnetGroup"] or {}).get("DBSubnetGroupName") == group["DBSubnetGroupName"]
                 for i in ctx.state.instances.values())
    if in_use and subnets[0]["VpcId"] != group["VpcId"]:
        raise AwsError("InvalidSubnet", "The new subnets are in another VPC than the instances using the "
                       "DB subnet group.")
    if len({s["AvailabilityZone"] for s in subnets}) < 2:
        raise AwsError("DBSubnetGroupDoesNotCoverEnoughAZs", "The DB subnet group doesn't meet Availability "
                       "Zone (AZ) coverage requirement. Add subnets to cover at least 2 AZs.")
    group["VpcId"], group["Subnets"] = subnets[0]["VpcId"], managed_db.subnet_members(subnets)
    if p.get("DBSubnetGroupDescription") is not None:
        group["DBSubnetGroupDescription"] = p["DBSubnetGroupDescription"]
    return {"DBSubnetGroup": group}
