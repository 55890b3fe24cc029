"""Cluster subnet groups: subnets come from the fake's EC2 state."""
import re

from ...errors import AwsError
from .. import managed_db
from .common import SERVICE, listed, settle, subnet_group_of

_NAME = re.compile(r"[a-z0-9-]{1,255}")


@SERVICE.op("CreateClusterSubnetGroup")
def create_cluster_subnet_group(ctx, p):
    name = p["ClusterSubnetGroupName"].lower()
    if not _NAME.fullmatch(name) or name == "default":
        raise AwsError("InvalidParameterValue", "The parameter ClusterSubnetGroupName is not a valid name: "
                       "at most 255 letters, digits or hyphens, and not 'default'.")
    if name in ctx.state.subnet_groups:
        raise AwsError("ClusterSubnetGroupAlreadyExists", f"The subnet group {name} already exists.")
    subnets = managed_db.ec2_subnets(ctx, p["SubnetIds"])
    group = {"ClusterSubnetGroupName": name, "Description": p["Description"], "VpcId": subnets[0]["VpcId"],
             "SubnetGroupStatus": "Complete", "Subnets": managed_db.subnet_members(subnets),
             "Tags": managed_db.merge_tags([], p.get("Tags", []), limit=50), "_created": ctx.now}
    ctx.state.subnet_groups[name] = group
    return {"ClusterSubnetGroup": managed_db.public(group)}


@SERVICE.op("DescribeClusterSubnetGroups")
def describe_cluster_subnet_groups(ctx, p):
    if p.get("ClusterSubnetGroupName"):
        groups = [subnet_group_of(ctx, p["ClusterSubnetGroupName"], require_visible=True)]
    else:
        groups = listed(ctx, ctx.state.subnet_groups, p)
    page, marker = managed_db.page(p, groups)
    return {"ClusterSubnetGroups": [managed_db.public(g) for g in page], "Marker": marker}


@SERVICE.op("DeleteClusterSubnetGroup")
def delete_cluster_subnet_group(ctx, p):
    settle(ctx)
    name = subnet_group_of(ctx, p["ClusterSubnetGroupName"])["ClusterSubnetGroupName"]
    users = [c["ClusterIdentifier"] for c in ctx.state.clusters.values() if c["ClusterSubnetGroupName"] == name]
    if users:
        raise AwsError("InvalidClusterSubnetGroupStateFault", f"The subnet group {name} is in use by cluster "
                       f"{users[0]}.")
    del ctx.state.subnet_groups[name]
    return {}


@SERVICE.op("ModifyClusterSubnetGroup")
def modify_cluster_subnet_group(ctx, p):
    """New subnets replace the old ones; they must stay in the group's VPC."""
    group = subnet_group_of(ctx, p["ClusterSubnetGroupName"])
    subnets = managed_db.ec2_subnets(ctx, p["SubnetIds"])
    if any(s["VpcId"] != group["VpcId"] for s in subnets):
        raise AwsError("InvalidSubnet", "The subnets must be in the subnet group's VPC "
                       f"{group['VpcId']}.")
    group["Subnets"] = managed_db.subnet_members(subnets)
    if p.get("Description") is not None:
        group["Description"] = p["Description"]
    return {"ClusterSubnetGroup": managed_db.public(group)}
