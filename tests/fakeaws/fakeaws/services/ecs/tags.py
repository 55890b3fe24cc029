"""TagResource, UntagResource and ListTagsForResource on cluster, service and task definition ARNs."""
from .common import SERVICE, cluster_of, invalid, set_tags, tags_of
from .task_definitions import resolve


def _resource(ctx, resource_arn):
    """The ARN of an existing resource; ClusterNotFoundException for a missing cluster."""
    parts = resource_arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn" or parts[2] != "ecs":
        raise invalid("The ARN provided is invalid.")
    kind, _, path = parts[5].partition("/")
    missing = invalid("The specified resource is not found.")
    if kind == "cluster":
        return cluster_of(ctx, path, active=False)["clusterArn"]
    if kind == "service":
        cluster, _, name = path.rpartition("/")
        service = ctx.state.services.get((cluster_of(ctx, cluster or "default", active=False)["clusterName"], name))
        if service is None:
            raise missing
        return service["serviceArn"]
    if kind == "task-definition":
        return resolve(ctx, path, missing)["taskDefinitionArn"]
    raise invalid("The ARN provided is invalid.")


@SERVICE.op("TagResource")
def tag_resource(ctx, p):
    set_tags(ctx, _resource(ctx, p["resourceArn"]), p["tags"])
    return {}


@SERVICE.op("UntagResource")
def untag_resource(ctx, p):
    resource_arn = _resource(ctx, p["resourceArn"])
    ctx.state.tags[resource_arn] = [t for t in tags_of(ctx, resource_arn) if t["key"] not in p["tagKeys"]]
    return {}


@SERVICE.op("ListTagsForResource")
def list_tags_for_resource(ctx, p):
    return {"tags": tags_of(ctx, _resource(ctx, p["resourceArn"]))}
