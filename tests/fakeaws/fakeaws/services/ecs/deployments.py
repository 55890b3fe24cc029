"""Service deployments and their rollout, evaluated when a service is read.

A new deployment is PRIMARY with rolloutState IN_PROGRESS; `ecs_deployment_seconds` later its
tasks run (runningCount = desiredCount), it is COMPLETED and the deployments it replaced (ACTIVE
until then) are gone. Scaling a deployment takes the same time. A deleted service is DRAINING
for `ecs_draining_seconds`, then INACTIVE. Services on the EC2 launch type never place tasks:
the fake has no container instances, so they report why, as ECS does.
"""
import uuid

FARGATE_PLATFORM = "1.4.0"  # what LATEST resolves to


def _event(ctx, service, message):
    service["events"].insert(0, {"id": str(uuid.UUID(int=ctx.world.rng.getrandbits(128), version=4)),
                                 "createdAt": ctx.now, "message": message})


def new_deployment(ctx, service):
    deployment_id = f"ecs-svc/{ctx.world.rng.randrange(10**18, 10**19)}"
    fargate = service.get("launchType") == "FARGATE" or bool(service.get("capacityProviderStrategy"))
    deployment = {
        "id": deployment_id, "status": "PRIMARY", "taskDefinition": service["taskDefinition"],
        "desiredCount": service["desiredCount"], "pendingCount": 0, "runningCount": 0, "failedTasks": 0,
        "createdAt": ctx.now, "updatedAt": ctx.now, "launchType": service.get("launchType"),
        "capacityProviderStrategy": service.get("capacityProviderStrategy") or None,
        "platformVersion": FARGATE_PLATFORM if fargate else None, "platformFamily": "Linux" if fargate else None,
        "networkConfiguration": service.get("networkConfiguration"), "rolloutState": "IN_PROGRESS",
        "rolloutStateReason": f"ECS deployment {deployment_id} in progress.", "_since": ctx.now}
    for older in service["deployments"]:
        older["status"] = "ACTIVE"
        older["updatedAt"] = ctx.now
    service["deployments"].insert(0, deployment)
    if not service["_placeable"]:
        _event(ctx, service, f"(service {service['serviceName']}) was unable to place a task because no "
                             "container instance met all of its requirements. Reason: No Container "
                             "Instances were found in your cluster.")
    _count(service)
    return deployment


def scale(ctx, service, desired):
    service["desiredCount"] = desired
    primary = service["deployments"][0]
    primary.update(desiredCount=desired, updatedAt=ctx.now, _since=ctx.now)
    _count(service)


def _count(service):
    for deployment in service["deployments"]:
        deployment["pendingCount"] = max(0, deployment["desiredCount"] - deployment["runningCount"]) \
            if service["_placeable"] else 0
    service["runningCount"] = sum(d["runningCount"] for d in service["deployments"])
    service["pendingCount"] = sum(d["pendingCount"] for d in service["deployments"])


def settle(ctx, service):
    timings = ctx.world.timings
    if service["status"] == "DRAINING" and ctx.now >= service["_draining_since"] + timings["ecs_draining_seconds"]:
        service["status"] = "INACTIVE"
        for deployment in service["deployments"]:
            deployment["runningCount"] = 0
    primary = service["deployments"][0] if service["deployments"] else None
    due = primary is not None and ctx.now >= primary["_since"] + timings["ecs_deployment_seconds"]
    if due and service["_placeable"] and primary["runningCount"] != primary["desiredCount"]:
        primary["runningCount"] = primary["desiredCount"]
    if due and service["_placeable"] and primary["rolloutState"] == "IN_PROGRESS":
        primary.update(rolloutState="COMPLETED", updatedAt=ctx.now,
                       rolloutStateReason=f"ECS deployment {primary['id']} completed.")
        del service["deployments"][1:]
        _event(ctx, service, f"(service {service['serviceName']}) (deployment {primary['id']}) "
                             "deployment completed.")
        _event(ctx, service, f"(service {service['serviceName']}) has reached a steady state.")
    _count(service)
    return service
