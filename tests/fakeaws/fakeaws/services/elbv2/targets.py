"""Registered targets and their health: `unused` while no load balancer forwards to the
group, `initial` for `elbv2_target_registration_seconds` after registering, then `healthy`
(no health check runs: every target passes). Lambda groups without health checks say so."""
from ...errors import AwsError
from .actions import load_balancers_using
from .common import SERVICE, find, load_balancer_state


def _key(group, target):
    """A target is an id and a port; the group's port unless the registration overrides it."""
    return (target["Id"], target.get("Port", group.get("Port")))


def _check_target(ctx, group, target):
    kind = group["TargetType"]
    if kind == "instance" and target["Id"] not in ctx.other("ec2").instances:
        raise AwsError("InvalidTarget", f"The following targets are not valid instances: '{target['Id']}'")
    if kind == "lambda" and group["_targets"] and _key(group, target) not in group["_targets"]:
        raise AwsError("TooManyTargets", "A target group with target type 'lambda' can have only one target")


@SERVICE.op("RegisterTargets")
def register_targets(ctx, p):
    group = find(ctx, "target_groups", p["TargetGroupArn"])
    for target in p["Targets"]:
        _check_target(ctx, group, target)
        group["_targets"].setdefault(_key(group, target), ctx.now)
    return {}


@SERVICE.op("DeregisterTargets")
def deregister_targets(ctx, p):
    group = find(ctx, "target_groups", p["TargetGroupArn"])
    keys = [_key(group, t) for t in p["Targets"]]
    missing = [k[0] for k in keys if k not in group["_targets"]]
    if missing:
        raise AwsError("InvalidTarget", f"The following targets are not registered: '{missing[0]}'")
    for key in keys:
        del group["_targets"][key]
    return {}


def _health(ctx, group, registered_at):
    load_balancers = load_balancers_using(ctx.state, group["TargetGroupArn"])
    if registered_at is None:
        return {"State": "unused", "Reason": "Target.NotRegistered",
                "Description": "Target is not registered to the target group"}
    if not group.get("HealthCheckEnabled", True):
        return {"State": "unavailable", "Reason": "Target.HealthCheckDisabled",
                "Description": "Health checks are disabled"}
    if not load_balancers:
        return {"State": "unused", "Reason": "Target.NotInUse",
                "Description": "Target group is not configured to receive traffic from the load balancer"}
    settled = registered_at + ctx.world.timings["elbv2_target_registration_seconds"]
    lbs_active = all(load_balancer_state(ctx, ctx.state.load_balancers[a])["Code"] == "active"
                     for a in load_balancers)
    if ctx.now < settled or not lbs_active:
        return {"State": "initial", "Reason": "Elb.RegistrationInProgress",
                "Description": "Target registration is in progress"}
    return {"State": "healthy"}


@SERVICE.op("DescribeTargetHealth")
def describe_target_health(ctx, p):
    group = find(ctx, "target_groups", p["TargetGroupArn"])
    if p.get("Targets"):
        keys = [_key(group, t) for t in p["Targets"]]
    else:
        keys = list(group["_targets"])
    return {"TargetHealthDescriptions": [
        {"Target": {"Id": target_id, "Port": port}, "HealthCheckPort": str(port) if port else None,
         "TargetHealth": _health(ctx, group, group["_targets"].get((target_id, port)))}
        for target_id, port in keys]}
