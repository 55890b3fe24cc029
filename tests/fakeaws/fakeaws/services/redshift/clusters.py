"""Clusters: create, describe, modify, delete and the creating -> available lifecycle.

The master password is checked and then dropped: no response, dump or log can show it.
"""
import re
import uuid

from ...errors import AwsError
from .. import managed_db
from . import iam_roles, snapshots
from .common import (SERVICE, arn, cluster_of, listed, render, require_available, set_status, settle,
                     subnet_group_of)

NODE_TYPES = ("dc2.large", "dc2.8xlarge", "ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge",
              "ds2.xlarge", "ds2.8xlarge")
# ModifyCluster: changing these is a resize; the others a modification.
NODE_FIELDS = ("NodeType", "NumberOfNodes", "ClusterType")
OTHER_FIELDS = ("AutomatedSnapshotRetentionPeriod", "ManualSnapshotRetentionPeriod", "PreferredMaintenanceWindow",
                "AllowVersionUpgrade", "PubliclyAccessible", "EnhancedVpcRouting", "Encrypted",
                "MaintenanceTrackName")
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,127}")


def _check_password(password):
    if not (8 <= len(password) <= 64 and re.search("[A-Z]", password) and re.search("[a-z]", password)
            and re.search("[0-9]", password)) or any(c in password for c in "'\"\\/@ "):
        # The message names the rule, never the value.
        raise AwsError("InvalidParameterValue", "The parameter MasterUserPassword is not valid: 8 to 64 "
                       "characters with an upper and a lower case letter and a digit, without ' \" \\ / @ "
                       "or spaces.")


def _nodes(p, cluster_type=None, count=None):
    """(cluster type, node count), checked the same way on create and on resize."""
    count = p.get("NumberOfNodes", count or 1)
    cluster_type = p.get("ClusterType") or cluster_type or ("multi-node" if count > 1 else "single-node")
    if cluster_type not in ("single-node", "multi-node"):
        raise AwsError("InvalidParameterValue", f"Invalid cluster type: {cluster_type}")
    if cluster_type == "multi-node" and not 2 <= count <= 128:
        raise AwsError("InvalidParameterCombination", "Number of nodes for cluster type multi-node must be "
                       "between 2 and 128.")
    if cluster_type == "single-node" and count != 1:
        raise AwsError("InvalidParameterCombination", "A single-node cluster has exactly one node.")
    if p.get("NodeType") is not None and p["NodeType"] not in NODE_TYPES:
        raise AwsError("InvalidParameterValue", f"Invalid node type: {p['NodeType']}")
    return cluster_type, count


@SERVICE.op("CreateCluster")
def create_cluster(ctx, p):
    settle(ctx)
    name = managed_db.identifier(p["ClusterIdentifier"], "ClusterIdentifier")
    if name in ctx.state.clusters:
        raise AwsError("ClusterAlreadyExists", "Cluster already exists")
    if not _USERNAME.fullmatch(p["MasterUsername"]):
        raise AwsError("InvalidParameterValue", "The parameter MasterUsername must start with a letter and "
                       "contain only letters, digits and underscores (at most 128).")
    _check_password(p["MasterUserPassword"])
    cluster_type, count = _nodes(p)
    group = subnet_group_of(ctx, p["ClusterSubnetGroupName"]) if p.get("ClusterSubnetGroupName") else None
    security_groups, zone = managed_db.placement(ctx, group, p)
    cluster = {
        "ClusterIdentifier": name, "NodeType": p["NodeType"], "NumberOfNodes": count,
        "MasterUsername": p["MasterUsername"], "DBName": p.get("DBName", "dev"), "ClusterCreateTime": ctx.now,
        "AutomatedSnapshotRetentionPeriod": p.get("AutomatedSnapshotRetentionPeriod", 1),
        "ManualSnapshotRetentionPeriod": p.get("ManualSnapshotRetentionPeriod", -1),
        "ClusterSecurityGroups": [], "VpcSecurityGroups": security_groups,
        "ClusterParameterGroups": [{"ParameterGroupName": p.get("ClusterParameterGroupName", "default.redshift-1.0"),
                                    "ParameterApplyStatus": "in-sync"}],
        "ClusterSubnetGroupName": group["ClusterSubnetGroupName"] if group else None,
        "VpcId": group["VpcId"] if group else None, "AvailabilityZone": zone,
        "PreferredMaintenanceWindow": p.get("PreferredMaintenanceWindow", "sat:06:00-sat:06:30"),
        "PendingModifiedValues": {}, "ClusterVersion": p.get("ClusterVersion", "1.0"),
        "AllowVersionUpgrade": p.get("AllowVersionUpgrade", True),
        "PubliclyAccessible": p.get("PubliclyAccessible", False), "Encrypted": p.get("Encrypted", False),
        "EnhancedVpcRouting": p.get("EnhancedVpcRouting", False), "IamRoles": [], "_role_since": {},
        "MaintenanceTrackName": p.get("MaintenanceTrackName", "current"),
        "ClusterNamespaceArn": arn(ctx, "namespace", str(uuid.UUID(int=ctx.world.rng.getrandbits(128)))),
        "Tags": managed_db.merge_tags([], p.get("Tags", []), limit=50),
        "_type": cluster_type, "_port": p.get("Port", 5439), "_created": ctx.now,
        "_host": "c" + ctx.world.new_token(11, "abcdefghijklmnopqrstuvwxyz0123456789"),
    }
    iam_roles.initial_roles(ctx, cluster, p)
    set_status(ctx, cluster, "creating")
    ctx.state.clusters[name] = cluster
    return {"Cluster": render(ctx, cluster)}


@SERVICE.op("DescribeClusters")
def describe_clusters(ctx, p):
    settle(ctx)
    if p.get("ClusterIdentifier"):
        clusters = [cluster_of(ctx, p["ClusterIdentifier"], require_visible=True)]
    else:
        clusters = listed(ctx, ctx.state.clusters, p)
    page, marker = managed_db.page(p, clusters)
    return {"Clusters": [render(ctx, c) for c in page], "Marker": marker}


@SERVICE.op("ModifyCluster")
def modify_cluster(ctx, p):
    settle(ctx)
    cluster = cluster_of(ctx, p["ClusterIdentifier"])
    require_available(cluster)
    if "MasterUserPassword" in p:
        _check_password(p["MasterUserPassword"])  # then forgotten: the fake never needs it
    resize = any(k in p for k in NODE_FIELDS)
    nodes = _nodes(p, cluster["_type"], cluster["NumberOfNodes"])
    new_name = _free_name(ctx, p.get("NewClusterIdentifier"))
    # Everything is checked; only now change the cluster, so a rejected call changes nothing.
    cluster["_type"], cluster["NumberOfNodes"] = nodes
    cluster["NodeType"] = p.get("NodeType", cluster["NodeType"])
    if new_name:
        del ctx.state.clusters[cluster["ClusterIdentifier"]]
        cluster["ClusterIdentifier"] = new_name
        ctx.state.clusters[new_name] = cluster
    cluster.update({k: p[k] for k in OTHER_FIELDS if k in p})
    if "VpcSecurityGroupIds" in p:
        cluster["VpcSecurityGroups"] = managed_db.security_groups(p["VpcSecurityGroupIds"])
    cluster["_port"] = p.get("Port", cluster["_port"])
    if len(p) > 1:  # anything besides the identifier was asked for
        set_status(ctx, cluster, "resizing" if resize else "modifying")
    return {"Cluster": render(ctx, cluster)}


def _free_name(ctx, new_name):
    if not new_name:
        return None
    new_name = managed_db.identifier(new_name, "NewClusterIdentifier")
    if new_name in ctx.state.clusters:
        raise AwsError("ClusterAlreadyExists", "Cluster already exists")
    return new_name


@SERVICE.op("DeleteCluster")
def delete_cluster(ctx, p):
    settle(ctx)
    cluster = cluster_of(ctx, p["ClusterIdentifier"])
    require_available(cluster)
    snapshot = managed_db.final_snapshot_name(ctx, p, "FinalClusterSnapshotIdentifier", "SkipFinalClusterSnapshot",
                                              "ClusterSnapshotAlreadyExists")
    if snapshot:
        snapshots.take_final(ctx, cluster, snapshot, p.get("FinalClusterSnapshotRetentionPeriod", -1))
    set_status(ctx, cluster, "deleting")
    return {"Cluster": render(ctx, cluster)}
