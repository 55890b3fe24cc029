"""Services: create, list, describe (ten at most, failures for missing ones), update (a new
PRIMARY deployment when what runs changes), delete (DRAINING, then INACTIVE)."""
from ...errors import AwsError
from . import service_checks
from .common import (SERVICE, cluster_of, ecs_arn, invalid, page, set_tags, short_name, with_tags)
from .deployments import new_deployment, scale, settle
from .task_definitions import resolve

MAX_DESCRIBED = 10
LIST_PAGE = 10
# UpdateService members that start a new deployment when they change what runs.
REDEPLOYING = ("taskDefinition", "networkConfiguration", "platformVersion", "loadBalancers",
               "capacityProviderStrategy")


def _not_found():
    return AwsError("ServiceNotFoundException", "Service not found.")


def _task_definition(ctx, reference):
    definition = resolve(ctx, reference, invalid("TaskDefinition not found."))
    if definition["status"] != "ACTIVE":
        raise invalid("TaskDefinition is inactive")
    return definition


def _service_of(ctx, cluster, name_or_arn):
    service = ctx.state.services.get((cluster["clusterName"], short_name(name_or_arn, "service")))
    if service is None:
        raise _not_found()
    return settle(ctx, service)


def render(ctx, service, include=()):
    return with_tags(ctx, settle(ctx, service), "serviceArn", include)


@SERVICE.op("CreateService")
def create_service(ctx, p):
    cluster = cluster_of(ctx, p.get("cluster"))
    name = p["serviceName"]
    existing = ctx.state.services.get((cluster["clusterName"], name))
    if existing is not None and settle(ctx, existing)["status"] != "INACTIVE":
        raise invalid("Creation of service was not idempotent.")
    if "taskDefinition" not in p:
        raise invalid("TaskDefinition can not be blank.")
    definition = _task_definition(ctx, p["taskDefinition"])
    launch_type, strategy = service_checks.launch(cluster, p, definition)
    fargate = launch_type == "FARGATE" or bool(strategy)
    network = service_checks.network(ctx, definition, p.get("networkConfiguration"), fargate)
    role_arn = service_checks.load_balancers(ctx, definition, p.get("loadBalancers", []), p.get("role"))
    if p.get("schedulingStrategy", "REPLICA") == "REPLICA" and "desiredCount" not in p:
        raise invalid("The desiredCount parameter is required for services using the REPLICA "
                      "scheduling strategy.")
    service = {
        "serviceArn": ecs_arn(ctx, f"service/{cluster['clusterName']}/{name}"), "serviceName": name,
        "clusterArn": cluster["clusterArn"], "loadBalancers": p.get("loadBalancers", []),
        "serviceRegistries": p.get("serviceRegistries", []), "status": "ACTIVE",
        "desiredCount": p.get("desiredCount", 0), "runningCount": 0, "pendingCount": 0,
        "launchType": launch_type, "capacityProviderStrategy": strategy or None,
        "platformVersion": p.get("platformVersion", "LATEST") if fargate else None,
        "platformFamily": "Linux" if fargate else None, "taskDefinition": definition["taskDefinitionArn"],
        "deploymentConfiguration": p.get("deploymentConfiguration", {
            "deploymentCircuitBreaker": {"enable": False, "rollback": False},
            "maximumPercent": 200, "minimumHealthyPercent": 100}),
        "deployments": [], "roleArn": role_arn, "events": [], "createdAt": ctx.now,
        "placementConstraints": p.get("placementConstraints", []), "placementStrategy": p.get("placementStrategy", []),
        "networkConfiguration": network, "healthCheckGracePeriodSeconds": p.get("healthCheckGracePeriodSeconds"),
        "schedulingStrategy": p.get("schedulingStrategy", "REPLICA"),
        "deploymentController": p.get("deploymentController", {"type": "ECS"}),
        "createdBy": f"arn:aws:iam::{ctx.account}:root", "enableECSManagedTags": p.get("enableECSManagedTags", False),
        "propagateTags": p.get("propagateTags", "NONE"), "enableExecuteCommand": p.get("enableExecuteCommand", False),
        "_created": ctx.now, "_placeable": fargate}
    ctx.state.tags.pop(service["serviceArn"], None)  # a recreated service starts without old tags
    set_tags(ctx, service["serviceArn"], p.get("tags", []))
    ctx.state.services[(cluster["clusterName"], name)] = service
    new_deployment(ctx, service)
    return {"service": render(ctx, service, ["TAGS"])}


@SERVICE.op("ListServices")
def list_services(ctx, p):
    cluster = cluster_of(ctx, p.get("cluster"), active=False)
    services = [settle(ctx, s) for (c, _), s in ctx.state.services.items()
                if c == cluster["clusterName"] and ctx.visible(s["_created"])]
    arns = [s["serviceArn"] for s in services if s["status"] != "INACTIVE"
            and p.get("launchType") in (None, s["launchType"])
            and p.get("schedulingStrategy") in (None, s["schedulingStrategy"])]
    shown, token = page(ctx, arns, p, LIST_PAGE)
    return {"serviceArns": shown, "nextToken": token}


@SERVICE.op("DescribeServices")
def describe_services(ctx, p):
    cluster = cluster_of(ctx, p.get("cluster"), active=False)
    if len(p["services"]) > MAX_DESCRIBED:
        raise invalid(f"services can have at most {MAX_DESCRIBED} items.")
    found, failures = [], []
    for given in p["services"]:
        name = short_name(given, "service")
        service = ctx.state.services.get((cluster["clusterName"], name))
        if service is None or not ctx.visible(service["_created"]):
            failures.append({"arn": ecs_arn(ctx, f"service/{cluster['clusterName']}/{name}"), "reason": "MISSING"})
        else:
            found.append(render(ctx, service, p.get("include")))
    return {"services": found, "failures": failures}


def _redeploying_changes(ctx, service, cluster, p):
    """Check what would run after the update; True if it differs from what runs now."""
    reference = p.get("taskDefinition", service["taskDefinition"])
    definition = _task_definition(ctx, reference)
    strategy = p.get("capacityProviderStrategy", service["capacityProviderStrategy"])
    launch = {"launchType": service["launchType"], "capacityProviderStrategy": strategy}
    service_checks.launch(cluster, {k: v for k, v in launch.items() if v}, definition)
    network = service_checks.network(ctx, definition, p.get("networkConfiguration", service["networkConfiguration"]),
                                     service["_placeable"])
    attachments = p.get("loadBalancers", service["loadBalancers"])
    if "loadBalancers" in p:
        service_checks.load_balancers(ctx, definition, attachments, None)
    changed = {"taskDefinition": definition["taskDefinitionArn"], "networkConfiguration": network,
               "loadBalancers": attachments, "capacityProviderStrategy": strategy or None,
               "platformVersion": p.get("platformVersion", service["platformVersion"])}
    differs = any(service.get(k) != v for k, v in changed.items() if k in REDEPLOYING)
    service.update(changed)
    return differs


@SERVICE.op("UpdateService")
def update_service(ctx, p):
    cluster = cluster_of(ctx, p.get("cluster"))
    service = _service_of(ctx, cluster, p["service"])
    if service["status"] != "ACTIVE":
        raise AwsError("ServiceNotActiveException", "Service was not ACTIVE.")
    redeploy = _redeploying_changes(ctx, service, cluster, p) or p.get("forceNewDeployment", False)
    for member in ("deploymentConfiguration", "healthCheckGracePeriodSeconds", "enableExecuteCommand",
                   "enableECSManagedTags", "propagateTags", "placementConstraints", "placementStrategy"):
        if member in p:
            service[member] = p[member]
    if "desiredCount" in p:
        service["desiredCount"] = p["desiredCount"]
    if redeploy:
        new_deployment(ctx, service)
    elif "desiredCount" in p:
        scale(ctx, service, p["desiredCount"])
    return {"service": render(ctx, service)}


@SERVICE.op("DeleteService")
def delete_service(ctx, p):
    cluster = cluster_of(ctx, p.get("cluster"), active=False)
    service = _service_of(ctx, cluster, p["service"])
    if service["status"] != "ACTIVE":
        raise AwsError("ServiceNotActiveException", "Service was not ACTIVE.")
    if service["desiredCount"] > 0 and not p.get("force"):
        raise invalid("The service cannot be stopped while it is scaled above 0.")
    scale(ctx, service, 0)
    service.update(status="DRAINING", _draining_since=ctx.now)
    return {"service": render(ctx, service)}
