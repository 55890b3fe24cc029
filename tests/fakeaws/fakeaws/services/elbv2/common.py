"""ELBv2 state, ARNs, names, lookups and the Marker/PageSize paging every describe shares.

Records are dicts shaped like the model's output plus "_"-prefixed private fields; `public`
strips those. Load balancers provision for `elbv2_provisioning_seconds`, evaluated when read.
"""
import re

from ... import paging
from ...errors import AwsError
from ..registry import Service

DEFAULT_PAGE_SIZE = 400


class Elbv2State:
    KINDS = ("load_balancers", "target_groups", "listeners", "rules")

    def __init__(self, region):
        self.region = region
        for kind in self.KINDS:
            setattr(self, kind, {})  # ARN -> record, in creation order
        self.tags = {}     # ARN -> {key: value}
        self.created = {}  # ARN -> creation time, for the consistency lag

    def dump(self):
        return {kind: list(getattr(self, kind)) for kind in self.KINDS}


SERVICE = Service("elasticloadbalancing", model_name="elbv2", state=Elbv2State)

# What a missing resource of each kind is called, and the ARN part that names the kind.
NOT_FOUND = {
    "load_balancers": ("LoadBalancerNotFound", "One or more load balancers not found"),
    "target_groups": ("TargetGroupNotFound", "One or more target groups not found"),
    "listeners": ("ListenerNotFound", "One or more listeners not found"),
    "rules": ("RuleNotFound", "One or more rules not found"),
}
ARN_KINDS = {"loadbalancer": "load_balancers", "targetgroup": "target_groups",
             "listener": "listeners", "listener-rule": "rules"}


def validation(message):
    return AwsError("ValidationError", message)


def not_found(kind):
    return AwsError(*NOT_FOUND[kind])


def new_suffix(ctx):
    return f"{ctx.world.rng.getrandbits(64):016x}"


def arn(ctx, resource):
    return ctx.arn("elasticloadbalancing", resource, ctx.region)


def kind_of_arn(resource_arn):
    resource = resource_arn.split(":", 5)[-1]
    return ARN_KINDS.get(resource.split("/", 1)[0])


def check_name(name, what):
    """Load balancer and target group names: 1-32 alphanumerics or hyphens, no hyphen at an end."""
    if len(name) > 32:
        raise validation(f"The {what} name '{name}' cannot be longer than '32' characters")
    if not re.fullmatch(r"[A-Za-z0-9-]+", name):
        raise validation(f"The {what} name '{name}' can only contain characters that are "
                         "alphanumeric characters and hyphens(-)")
    if name.startswith("-") or name.endswith("-"):
        raise validation(f"The {what} name '{name}' cannot begin or end with a hyphen")


def find(ctx, kind, resource_arn):
    record = getattr(ctx.state, kind).get(resource_arn)
    if record is None:
        raise not_found(kind)
    return record


def register(ctx, kind, record_arn, record, tags=()):
    getattr(ctx.state, kind)[record_arn] = record
    ctx.state.created[record_arn] = ctx.now
    ctx.state.tags[record_arn] = {}
    add_tags(ctx.state, record_arn, tags)
    return record


def forget(ctx, kind, record_arn):
    getattr(ctx.state, kind).pop(record_arn, None)
    ctx.state.tags.pop(record_arn, None)
    ctx.state.created.pop(record_arn, None)


def public(record):
    return {k: v for k, v in record.items() if not k.startswith("_")}


# --- describes ---------------------------------------------------------------------

def select(ctx, kind, arns=None, names=None, name_key=None, what=""):
    """Records by ARN, by name, or all visible ones; a missing one fails the whole call."""
    table = getattr(ctx.state, kind)
    if arns and names:
        raise validation(f"{what} names and {what} ARNs cannot be specified at the same time")
    if arns:
        missing = [a for a in arns if a not in table or not ctx.visible(ctx.state.created[a])]
        if missing:
            raise not_found(kind)
        return [table[a] for a in dict.fromkeys(arns)]
    visible = [r for a, r in table.items() if ctx.visible(ctx.state.created[a])]
    if names:
        by_name = {r[name_key]: r for r in visible}
        if any(n not in by_name for n in names):
            raise not_found(kind)
        return [by_name[n] for n in dict.fromkeys(names)]
    return visible


def select_under(ctx, kind, arns, parent_kind, parent_arn, parent_key, what):
    """Records by ARN, or all those of one parent (listeners of a load balancer, rules of a
    listener); a call must name one or the other."""
    if parent_arn is None and not arns:
        raise validation(f"You must specify either {what}")
    found = select(ctx, kind, arns)
    if parent_arn is not None:
        find(ctx, parent_kind, parent_arn)
        found = [r for r in found if r[parent_key] == parent_arn]
    return found


def page(records, params):
    """ELBv2 pages with Marker/NextMarker and PageSize (1-400, the model checks the range)."""
    return paging.page(records, params.get("Marker"), params.get("PageSize", DEFAULT_PAGE_SIZE),
                       "ValidationError")


# --- tags --------------------------------------------------------------------------

MAX_TAGS = 50


def add_tags(state, resource_arn, tags):
    keys = [t["Key"] for t in tags]
    duplicate = next((k for k in keys if keys.count(k) > 1), None)
    if duplicate is not None:
        raise AwsError("DuplicateTagKeys", f"Tag key '{duplicate}' specified more than once")
    merged = {**state.tags[resource_arn], **{t["Key"]: t.get("Value", "") for t in tags}}
    if len(merged) > MAX_TAGS:
        raise AwsError("TooManyTags", f"The following resource(s) have too many tags: {resource_arn}")
    state.tags[resource_arn] = merged


def tag_list(state, resource_arn):
    return [{"Key": k, "Value": v} for k, v in state.tags.get(resource_arn, {}).items()]


# --- load balancer lifecycle -----------------------------------------------------------

def load_balancer_state(ctx, lb):
    ready = ctx.now >= lb["_created"] + ctx.world.timings["elbv2_provisioning_seconds"]
    return {"Code": "active" if ready else "provisioning"}
