"""Target groups: create (idempotent for the same settings) with AWS's health-check defaults,
describe (also by load balancer), modify, delete (refused while an action forwards to one)."""
from ...errors import AwsError
from . import attributes
from .actions import load_balancers_using
from .common import (SERVICE, arn, check_name, find, forget, new_suffix, page, public, register,
                     select, validation)

HEALTH_MEMBERS = ("HealthCheckProtocol", "HealthCheckPort", "HealthCheckEnabled", "HealthCheckPath",
                  "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
                  "UnhealthyThresholdCount", "Matcher")
HTTP = ("HTTP", "HTTPS")


def _health_defaults(target_type, protocol):
    """The defaults the CreateTargetGroup reference gives per target type and protocol."""
    if target_type == "lambda":
        return {"HealthCheckEnabled": False, "HealthCheckIntervalSeconds": 35,
                "HealthCheckTimeoutSeconds": 30, "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 5}
    geneve = protocol == "GENEVE"
    return {"HealthCheckProtocol": protocol if protocol in HTTP else "TCP",
            "HealthCheckPort": "80" if geneve else "traffic-port", "HealthCheckEnabled": True,
            "HealthCheckIntervalSeconds": 10 if geneve else 30,
            "HealthCheckTimeoutSeconds": {"HTTP": 6, "GENEVE": 5}.get(protocol, 10),
            "HealthyThresholdCount": 3 if geneve else 5, "UnhealthyThresholdCount": 3 if geneve else 2}


def _check_placement(ctx, p, target_type):
    wanted = (("Protocol", "protocol"), ("Port", "port"), ("VpcId", "VPC ID"))
    for member, words in wanted:
        given = member in p
        if target_type == "lambda" and given:
            raise validation(f"A {words} cannot be specified for target groups with target type 'lambda'")
        if target_type != "lambda" and not given:
            raise validation(f"A {words} must be specified")
    if target_type != "lambda" and p["VpcId"] not in ctx.other("ec2").vpcs:
        raise validation(f"The VPC ID '{p['VpcId']}' is not found")


def apply_health(group, p):
    """Set the health-check members given in p, then check the combination as AWS does."""
    health = {k: p[k] for k in HEALTH_MEMBERS if k in p}
    checks_http = health.get("HealthCheckProtocol", group.get("HealthCheckProtocol")) in HTTP
    if "HealthCheckPath" in health and not checks_http and group["TargetType"] != "lambda":
        raise validation("A health check path can only be specified for HTTP and HTTPS health checks")
    if group.get("Protocol") in HTTP and health.get("HealthCheckProtocol") == "TCP":
        raise validation(f"Health check protocol 'TCP' is not supported for target groups with the "
                         f"protocol '{group['Protocol']}'")
    if health.get("HealthCheckEnabled") is False and group["TargetType"] != "lambda":
        raise validation(f"Health checks cannot be disabled for target groups with target type "
                         f"'{group['TargetType']}'")
    group.update(health)
    if checks_http or group["TargetType"] == "lambda":
        group.setdefault("HealthCheckPath", "/")
        group.setdefault("Matcher", {"HttpCode": "200" if group.get("Protocol") in HTTP or
                                     group["TargetType"] == "lambda" else "200-399"})
    if group["HealthCheckTimeoutSeconds"] >= group["HealthCheckIntervalSeconds"]:
        raise validation("Health check interval must be greater than the timeout.")


def render(ctx, group):
    return {**public(group), "LoadBalancerArns": load_balancers_using(ctx.state, group["TargetGroupArn"])}


@SERVICE.op("CreateTargetGroup")
def create_target_group(ctx, p):
    name, target_type = p["Name"], p.get("TargetType", "instance")
    check_name(name, "target group")
    _check_placement(ctx, p, target_type)
    settings = {k: v for k, v in p.items() if k != "Tags"}
    existing = next((g for g in ctx.state.target_groups.values() if g["TargetGroupName"] == name), None)
    if existing is not None:
        if existing["_settings"] != settings:
            raise AwsError("DuplicateTargetGroupName", f"A target group with the same name '{name}' "
                           "exists, but with different settings")
        return {"TargetGroups": [render(ctx, existing)]}  # idempotent, as AWS documents
    group_arn = arn(ctx, f"targetgroup/{name}/{new_suffix(ctx)}")
    group = {"TargetGroupArn": group_arn, "TargetGroupName": name, "TargetType": target_type,
             "_settings": settings, "_targets": {}}
    if target_type != "lambda":
        group.update({"Protocol": p["Protocol"], "Port": p["Port"], "VpcId": p["VpcId"],
                      "IpAddressType": p.get("IpAddressType", "ipv4")})
        if p["Protocol"] in HTTP:
            group["ProtocolVersion"] = p.get("ProtocolVersion", "HTTP1")
    group.update(_health_defaults(target_type, p.get("Protocol")))
    apply_health(group, p)
    group["_attributes"] = attributes.target_group_defaults(group)
    register(ctx, "target_groups", group_arn, group, p.get("Tags", []))
    return {"TargetGroups": [render(ctx, group)]}


@SERVICE.op("DescribeTargetGroups")
def describe_target_groups(ctx, p):
    found = select(ctx, "target_groups", p.get("TargetGroupArns"), p.get("Names"), "TargetGroupName",
                   "Target group")
    if "LoadBalancerArn" in p:
        find(ctx, "load_balancers", p["LoadBalancerArn"])
        found = [g for g in found if p["LoadBalancerArn"] in load_balancers_using(ctx.state, g["TargetGroupArn"])]
    shown, marker = page(found, p)
    return {"TargetGroups": [render(ctx, g) for g in shown], "NextMarker": marker}


@SERVICE.op("ModifyTargetGroup")
def modify_target_group(ctx, p):
    group = find(ctx, "target_groups", p["TargetGroupArn"])
    before = dict(group)
    try:
        apply_health(group, p)
    except AwsError:
        group.clear()
        group.update(before)  # a refused change leaves the group as it was
        raise
    group["_settings"].update({k: p[k] for k in HEALTH_MEMBERS if k in p})
    return {"TargetGroups": [render(ctx, group)]}


@SERVICE.op("DeleteTargetGroup")
def delete_target_group(ctx, p):
    group_arn = p["TargetGroupArn"]
    if group_arn not in ctx.state.target_groups:
        return {}  # AWS lists no not-found error for this call: it succeeds
    if load_balancers_using(ctx.state, group_arn):
        raise AwsError("ResourceInUse", f"Target group '{group_arn}' is currently in use by a listener "
                       "or a rule")
    forget(ctx, "target_groups", group_arn)
    return {}
