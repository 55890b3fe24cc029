"""Clusters: create (an ACTIVE name answers the existing cluster, an INACTIVE one comes back),
list, describe (failures for missing ones), delete (not while services are active)."""
from ...errors import AwsError
from .common import SERVICE, cluster_of, ecs_arn, invalid, page, set_tags, short_name, with_tags
from .deployments import settle

CAPACITY_PROVIDERS = ("FARGATE", "FARGATE_SPOT")  # the only ones without an Auto Scaling group


def _check_strategy(providers, strategy):
    for provider in providers:
        if provider not in CAPACITY_PROVIDERS:
            raise invalid("The specified capacity provider does not exist. Specify a valid name or ARN "
                          "and try again.")
    for item in strategy:
        if item["capacityProvider"] not in providers:
            raise invalid("The specified capacity provider strategy cannot contain a capacity provider "
                          "that is not associated with the cluster.")


def counts(ctx, cluster):
    services = [s for (c, _), s in ctx.state.services.items() if c == cluster["clusterName"]]
    for service in services:
        settle(ctx, service)
    return {"activeServicesCount": sum(s["status"] == "ACTIVE" for s in services),
            "runningTasksCount": sum(s["runningCount"] for s in services),
            "pendingTasksCount": sum(s["pendingCount"] for s in services)}


def render(ctx, cluster, include=()):
    return {**with_tags(ctx, cluster, "clusterArn", include), **counts(ctx, cluster)}


@SERVICE.op("CreateCluster")
def create_cluster(ctx, p):
    name = p.get("clusterName", "default")
    providers = p.get("capacityProviders", [])
    strategy = p.get("defaultCapacityProviderStrategy", [])
    _check_strategy(providers, strategy)
    existing = ctx.state.clusters.get(name)
    if existing is not None and existing["status"] == "ACTIVE":
        return {"cluster": render(ctx, existing, ["TAGS"])}
    cluster_arn = ecs_arn(ctx, f"cluster/{name}")
    cluster = {"clusterArn": cluster_arn, "clusterName": name, "status": "ACTIVE",
               "registeredContainerInstancesCount": 0, "statistics": [],
               "settings": p.get("settings", [{"name": "containerInsights", "value": "disabled"}]),
               "capacityProviders": providers, "defaultCapacityProviderStrategy": strategy,
               "attachments": [], "_created": ctx.now}
    if p.get("configuration"):
        cluster["configuration"] = p["configuration"]
    ctx.state.clusters[name] = cluster
    ctx.state.tags.pop(cluster_arn, None)  # a recreated cluster starts without the old tags
    set_tags(ctx, cluster_arn, p.get("tags", []))
    return {"cluster": render(ctx, cluster, ["TAGS"])}


@SERVICE.op("ListClusters")
def list_clusters(ctx, p):
    arns = [c["clusterArn"] for c in ctx.state.clusters.values()
            if c["status"] == "ACTIVE" and ctx.visible(c["_created"])]
    shown, token = page(ctx, arns, p)
    return {"clusterArns": shown, "nextToken": token}


@SERVICE.op("DescribeClusters")
def describe_clusters(ctx, p):
    found, failures = [], []
    for given in p.get("clusters") or ["default"]:
        name = short_name(given, "cluster")
        cluster = ctx.state.clusters.get(name)
        if cluster is None or not ctx.visible(cluster["_created"]):
            failures.append({"arn": ecs_arn(ctx, f"cluster/{name}"), "reason": "MISSING"})
        else:
            found.append(render(ctx, cluster, p.get("include")))
    return {"clusters": found, "failures": failures}


@SERVICE.op("DeleteCluster")
def delete_cluster(ctx, p):
    cluster = cluster_of(ctx, p["cluster"])
    if counts(ctx, cluster)["activeServicesCount"] or any(
            s["status"] == "DRAINING" for (c, _), s in ctx.state.services.items() if c == cluster["clusterName"]):
        raise AwsError("ClusterContainsServicesException",
                       "The Cluster cannot be deleted while Services are active.")
    cluster["status"] = "INACTIVE"
    return {"cluster": render(ctx, cluster)}


@SERVICE.op("UpdateClusterSettings")
def update_cluster_settings(ctx, p):
    cluster = cluster_of(ctx, p["cluster"])
    merged = {s["name"]: s for s in cluster["settings"]}
    merged.update({s["name"]: s for s in p["settings"]})
    cluster["settings"] = list(merged.values())
    return {"cluster": render(ctx, cluster)}
