"""ECS state, ARNs, cluster lookups, tags and paging (JSON 1.1, errors all 400)."""
from ... import paging
from ...errors import AwsError
from ..registry import Service

MAX_RESULTS = 100


class EcsState:
    def __init__(self, region):
        self.clusters = {}          # name -> record
        self.task_definitions = {}  # family -> [revision 1, revision 2, ...]
        self.services = {}          # (cluster name, service name) -> record
        self.tags = {}              # ARN -> [{"key", "value"}]

    def dump(self):
        return {"clusters": list(self.clusters),
                "task_definitions": [f"{f}:{len(r)}" for f, r in self.task_definitions.items()],
                "services": [f"{c}/{s}" for c, s in self.services]}


SERVICE = Service("ecs", state=EcsState)


def invalid(message):
    return AwsError("InvalidParameterException", message)


def client_error(message):
    return AwsError("ClientException", message)


def ecs_arn(ctx, resource):
    return ctx.arn("ecs", resource, ctx.region)


def short_name(name_or_arn, kind):
    """'NAME' from NAME or from arn:aws:ecs:REGION:ACCOUNT:KIND/NAME (the last part of a path)."""
    if name_or_arn.startswith("arn:"):
        resource = name_or_arn.split(":", 5)[-1]
        if not resource.startswith(kind + "/"):
            raise invalid(f"Invalid {kind} ARN: {name_or_arn}")
        return resource.split("/")[-1]
    return name_or_arn


def cluster_of(ctx, name_or_arn, active=True):
    name = short_name(name_or_arn or "default", "cluster")
    cluster = ctx.state.clusters.get(name)
    if cluster is None:
        raise AwsError("ClusterNotFoundException", "Cluster not found.")
    if active and cluster["status"] != "ACTIVE":
        raise AwsError("ClusterNotFoundException", "The referenced cluster was inactive.")
    return cluster


def page(ctx, items, params, default_size=MAX_RESULTS):
    size = params.get("maxResults", default_size)
    if not 1 <= size <= MAX_RESULTS:
        raise invalid(f"maxResults must be between 1 and {MAX_RESULTS}")
    return paging.page(items, params.get("nextToken"), size, "InvalidParameterException")


# --- tags --------------------------------------------------------------------------

def set_tags(ctx, resource_arn, tags):
    if any(t.get("key", "").lower().startswith("aws:") for t in tags):
        raise invalid("Tag keys beginning with 'aws:' are reserved for AWS use")
    merged = {t["key"]: t["value"] for t in ctx.state.tags.get(resource_arn, [])}
    merged.update({t["key"]: t.get("value", "") for t in tags})
    if len(merged) > 50:
        raise invalid("The resource can have at most 50 tags")
    ctx.state.tags[resource_arn] = [{"key": k, "value": v} for k, v in merged.items()]


def tags_of(ctx, resource_arn):
    return list(ctx.state.tags.get(resource_arn, []))


def with_tags(ctx, record, arn_key, include):
    """The public record; its tags only when the caller asked for TAGS, as ECS does."""
    shown = {k: v for k, v in record.items() if not k.startswith("_")}
    if "TAGS" in (include or []):
        shown["tags"] = tags_of(ctx, record[arn_key])
    return shown
