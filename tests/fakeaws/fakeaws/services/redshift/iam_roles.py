"""IAM roles a cluster may assume: IamRoles and DefaultIamRoleArn on CreateCluster, and
ModifyClusterIamRoles. A role shows ApplyStatus adding (removing) until
redshift_iam_role_seconds have passed, then in-sync (gone); the change also makes the cluster
modifying. Redshift does not look the roles up in IAM; it wants role ARNs.
"""
import re

from ...errors import AwsError
from .common import SERVICE, cluster_of, render, require_available, set_status, settle

_ROLE_ARN = re.compile(r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+")


def _check_arns(arns):
    for role_arn in arns:
        if not _ROLE_ARN.fullmatch(role_arn):
            raise AwsError("InvalidParameterValue", f"The IAM role ARN {role_arn} is not valid.")


def add_roles(ctx, cluster, arns):
    present = {r["IamRoleArn"] for r in cluster["IamRoles"]}
    for role_arn in dict.fromkeys(arns):
        if role_arn not in present:
            cluster["IamRoles"].append({"IamRoleArn": role_arn, "ApplyStatus": "adding"})
            cluster["_role_since"][role_arn] = ctx.now


def _remove_roles(ctx, cluster, arns):
    for role in cluster["IamRoles"]:
        if role["IamRoleArn"] in arns and role["ApplyStatus"] != "removing":
            role["ApplyStatus"] = "removing"
            cluster["_role_since"][role["IamRoleArn"]] = ctx.now


def check_default(default_arn, arns):
    if default_arn is not None and default_arn not in arns:
        raise AwsError("InvalidParameterValue", f"The default IAM role {default_arn} must be one of the "
                       "cluster's IAM roles.")


def initial_roles(ctx, cluster, p):
    """CreateCluster's IamRoles and DefaultIamRoleArn."""
    _check_arns(p.get("IamRoles", []))
    check_default(p.get("DefaultIamRoleArn"), p.get("IamRoles", []))
    add_roles(ctx, cluster, p.get("IamRoles", []))
    cluster["DefaultIamRoleArn"] = p.get("DefaultIamRoleArn")


@SERVICE.op("ModifyClusterIamRoles")
def modify_cluster_iam_roles(ctx, p):
    settle(ctx)
    cluster = cluster_of(ctx, p["ClusterIdentifier"])
    require_available(cluster)
    added, removed = p.get("AddIamRoles", []), p.get("RemoveIamRoles", [])
    _check_arns(added + removed)
    if set(added) & set(removed):
        raise AwsError("InvalidParameterValue", "A role cannot be both added and removed in one request.")
    kept = [r["IamRoleArn"] for r in cluster["IamRoles"] if r["IamRoleArn"] not in removed] + added
    check_default(p.get("DefaultIamRoleArn"), kept)
    add_roles(ctx, cluster, added)
    _remove_roles(ctx, cluster, removed)
    if "DefaultIamRoleArn" in p:
        cluster["DefaultIamRoleArn"] = p["DefaultIamRoleArn"]
    elif cluster.get("DefaultIamRoleArn") in removed:
        cluster["DefaultIamRoleArn"] = None
    set_status(ctx, cluster, "modifying")
    return {"Cluster": render(ctx, cluster)}
