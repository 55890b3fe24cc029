"""Redshift state, ARNs, tag filters, lookups and lifecycles the cluster, snapshot, IAM role,
subnet group and tag modules share."""
from ...errors import AwsError
from .. import managed_db
from ..registry import Service

# Transitional status -> (status it settles into, None meaning gone; /_fake/config key).
TRANSITIONS = {"creating": ("available", "redshift_creating_seconds"),
               "modifying": ("available", "redshift_modifying_seconds"),
               "resizing": ("available", "redshift_modifying_seconds"),
               "deleting": (None, "redshift_deleting_seconds")}
SNAPSHOT_TRANSITIONS = {"creating": ("available", "redshift_snapshot_creating_seconds")}
AVAILABILITY = {"creating": "Unavailable", "available": "Available", "modifying": "Modifying",
                "resizing": "Modifying", "deleting": "Unavailable"}


class RedshiftState:
    def __init__(self, region):
        self.clusters = {}       # identifier -> Cluster record
        self.subnet_groups = {}  # name -> ClusterSubnetGroup record
        self.snapshots = {}      # identifier -> Snapshot record (final snapshots)

    def dump(self):
        return managed_db.dump(clusters=self.clusters, cluster_subnet_groups=self.subnet_groups,
                               cluster_snapshots=self.snapshots)


SERVICE = Service("redshift", state=RedshiftState)


def settle(ctx):
    def keep_availability(cluster, status):
        if status is not None:
            cluster["ClusterAvailabilityStatus"] = AVAILABILITY[status]
    managed_db.settle_all(ctx, ctx.state.clusters, "ClusterStatus", TRANSITIONS, keep_availability)
    managed_db.settle_all(ctx, ctx.state.snapshots, "Status", SNAPSHOT_TRANSITIONS)
    for cluster in ctx.state.clusters.values():
        settle_roles(ctx, cluster)


def settle_roles(ctx, cluster):
    """IAM roles being added become in-sync, roles being removed go, after redshift_iam_role_seconds."""
    done = ctx.world.timings["redshift_iam_role_seconds"]
    for role in list(cluster["IamRoles"]):
        since = cluster["_role_since"].get(role["IamRoleArn"])
        if role["ApplyStatus"] in ("adding", "removing") and ctx.now >= since + done:
            if role["ApplyStatus"] == "adding":
                role["ApplyStatus"] = "in-sync"
            else:
                cluster["IamRoles"].remove(role)
            del cluster["_role_since"][role["IamRoleArn"]]


def require_available(cluster):
    managed_db.require_available(cluster, "ClusterStatus", "InvalidClusterState",
                                 f"There is an operation running on the Cluster {cluster['ClusterIdentifier']}")


def set_status(ctx, cluster, status):
    managed_db.set_status(ctx, cluster, "ClusterStatus", status)
    cluster["ClusterAvailabilityStatus"] = AVAILABILITY[status]


def arn(ctx, kind, name):
    return ctx.arn("redshift", f"{kind}:{name}", ctx.region)


def cluster_of(ctx, identifier, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.clusters, identifier, require_visible,
                             AwsError("ClusterNotFound", f"Cluster {identifier} not found.", 404))


def subnet_group_of(ctx, name, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.subnet_groups, name, require_visible,
                             AwsError("ClusterSubnetGroupNotFoundFault", f"Subnet group {name} not found."))


def snapshot_of(ctx, identifier, require_visible=False):
    return managed_db.lookup(ctx, ctx.state.snapshots, identifier, require_visible,
                             AwsError("ClusterSnapshotNotFound", f"Snapshot {identifier} not found.", 404))


def tag_matches(tags, keys, values):
    """Redshift's TagKeys/TagValues filters: some tag has one of the keys and one of the values."""
    if not keys and not values:
        return True
    return any((not keys or t["Key"] in keys) and (not values or t["Value"] in values) for t in tags)


def listed(ctx, table, p):
    """The visible records of a table that pass the request's TagKeys/TagValues."""
    return [r for r in table.values() if ctx.visible(r["_created"])
            and tag_matches(r["Tags"], p.get("TagKeys"), p.get("TagValues"))]


def render(ctx, cluster):
    """The cluster as AWS shows it: the endpoint exists once it has been created."""
    shown = managed_db.public(cluster)
    if cluster["ClusterStatus"] != "creating":
        shown["Endpoint"] = {"Address": f"{cluster['ClusterIdentifier']}.{cluster['_host']}.{ctx.region}"
                                        ".redshift.amazonaws.com", "Port": cluster["_port"]}
    return shown
