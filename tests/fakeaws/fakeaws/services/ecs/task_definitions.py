"""Task definitions: family:revision numbering, container checks, Fargate sizing, describe
(tags on request), lists of revisions and families, deregister (INACTIVE, still describable)."""
import re

from .common import (SERVICE, client_error, ecs_arn, invalid, page, set_tags, tags_of)
from .fargate import check_ephemeral_storage, check_fargate, cpu_units, fits_fargate, memory_mib

FAMILY = re.compile(r"[A-Za-z0-9_-]{1,255}")


def _container(definition, network_mode, task_memory):
    name = definition.get("name")
    if not name:
        raise client_error("Container.name should not be null or empty.")
    if not definition.get("image"):
        raise client_error("Container.image should not be null or empty.")
    if task_memory is None and "memory" not in definition and "memoryReservation" not in definition:
        raise client_error(f"Invalid setting for container '{name}'. At least one of 'memory' or "
                           "'memoryReservation' must be specified.")
    if task_memory is not None and definition.get("memory", 0) > task_memory:
        raise client_error(f"The 'memory' setting for container '{name}' is greater than for the task.")
    mappings = []
    for mapping in definition.get("portMappings", []):
        port = mapping.get("containerPort")
        host = mapping.get("hostPort", port if network_mode in ("awsvpc", "host") else 0)
        if network_mode == "awsvpc" and host != port:
            raise client_error("When networkMode=awsvpc, the host ports and container ports in port "
                               "mappings must match.")
        mappings.append({**mapping, "containerPort": port, "hostPort": host,
                         "protocol": mapping.get("protocol", "tcp")})
    # ECS answers these members even when they were not given.
    return {"cpu": 0, "essential": True, "environment": [], "mountPoints": [], "volumesFrom": [],
            **definition, "portMappings": mappings}


def _requires_attributes(p):
    wanted = ["com.amazonaws.ecs.capability.docker-remote-api.1.18"]
    if p.get("networkMode") == "awsvpc":
        wanted.append("ecs.capability.task-eni")
    for driver in {c["logConfiguration"]["logDriver"] for c in p["containerDefinitions"] if "logConfiguration" in c}:
        wanted.append(f"com.amazonaws.ecs.capability.logging-driver.{driver}")
    if p.get("taskRoleArn"):
        wanted.append("com.amazonaws.ecs.capability.task-iam-role")
    return [{"name": name} for name in wanted]


@SERVICE.op("RegisterTaskDefinition")
def register_task_definition(ctx, p):
    family = p["family"]
    if not FAMILY.fullmatch(family):
        raise client_error("Family contains invalid characters or is too long. Up to 255 letters "
                           "(uppercase and lowercase), numbers, hyphens, and underscores are allowed.")
    if not p["containerDefinitions"]:
        raise client_error("Container list cannot be empty.")
    cpu = cpu_units(p["cpu"]) if "cpu" in p else None
    memory = memory_mib(p["memory"]) if "memory" in p else None
    if "FARGATE" in p.get("requiresCompatibilities", []):
        check_fargate(p, cpu, memory)
    check_ephemeral_storage(p.get("ephemeralStorage"))
    network_mode = p.get("networkMode", "bridge")
    containers = [_container(c, network_mode, memory) for c in p["containerDefinitions"]]
    names = [c["name"] for c in containers]
    if len(set(names)) < len(names):
        raise client_error("Container names must be unique within a task definition.")
    revisions = ctx.state.task_definitions.setdefault(family, [])
    revision = len(revisions) + 1
    compatible = ["EC2"] + (["FARGATE"] if network_mode == "awsvpc" and fits_fargate(cpu, memory) else [])
    definition = {
        "taskDefinitionArn": ecs_arn(ctx, f"task-definition/{family}:{revision}"), "family": family,
        "revision": revision, "containerDefinitions": containers, "networkMode": network_mode,
        "volumes": p.get("volumes", []), "status": "ACTIVE", "placementConstraints": p.get("placementConstraints", []),
        "requiresAttributes": _requires_attributes(p), "compatibilities": compatible,
        "requiresCompatibilities": p.get("requiresCompatibilities"), "registeredAt": ctx.now,
        "registeredBy": f"arn:aws:iam::{ctx.account}:root", "_created": ctx.now,
        **{k: p[k] for k in ("taskRoleArn", "executionRoleArn", "ephemeralStorage", "runtimePlatform",
                             "pidMode", "ipcMode", "proxyConfiguration") if k in p}}
    if cpu is not None:
        definition["cpu"] = str(cpu)
    if memory is not None:
        definition["memory"] = str(memory)
    revisions.append(definition)
    set_tags(ctx, definition["taskDefinitionArn"], p.get("tags", []))
    return {"taskDefinition": public(definition), "tags": tags_of(ctx, definition["taskDefinitionArn"])}


def public(definition):
    return {k: v for k, v in definition.items() if not k.startswith("_")}


def resolve(ctx, reference, missing):
    """FAMILY (its latest ACTIVE revision), FAMILY:REVISION or an ARN; `missing` if none."""
    if reference.startswith("arn:"):
        resource = reference.split(":", 5)[-1]
        if not resource.startswith("task-definition/"):
            raise invalid(f"Invalid task definition ARN: {reference}")
        reference = resource[len("task-definition/"):]
    family, _, revision = reference.partition(":")
    revisions = ctx.state.task_definitions.get(family, [])
    if revision:
        if not revision.isdigit() or not 1 <= int(revision) <= len(revisions):
            raise missing
        return revisions[int(revision) - 1]
    active = [d for d in revisions if d["status"] == "ACTIVE"]
    if not active:
        raise missing
    return active[-1]


@SERVICE.op("DescribeTaskDefinition")
def describe_task_definition(ctx, p):
    definition = resolve(ctx, p["taskDefinition"], client_error("Unable to describe task definition."))
    answer = {"taskDefinition": public(definition)}
    if "TAGS" in p.get("include", []):
        answer["tags"] = tags_of(ctx, definition["taskDefinitionArn"])
    return answer


@SERVICE.op("ListTaskDefinitions")
def list_task_definitions(ctx, p):
    status = p.get("status", "ACTIVE")
    families = sorted(ctx.state.task_definitions)
    if "familyPrefix" in p:  # despite its name, the whole family name
        families = [f for f in families if f == p["familyPrefix"]]
    arns = [d["taskDefinitionArn"] for f in families for d in ctx.state.task_definitions[f]
            if d["status"] == status and ctx.visible(d["_created"])]
    if p.get("sort") == "DESC":
        arns.reverse()
    shown, token = page(ctx, arns, p)
    return {"taskDefinitionArns": shown, "nextToken": token}


@SERVICE.op("ListTaskDefinitionFamilies")
def list_task_definition_families(ctx, p):
    status = p.get("status", "ACTIVE")
    found = []
    for family, revisions in sorted(ctx.state.task_definitions.items()):
        active = any(d["status"] == "ACTIVE" for d in revisions)
        if family.startswith(p.get("familyPrefix", "")) and (
                status == "ALL" or (status == "ACTIVE") == active):
            found.append(family)
    shown, token = page(ctx, found, p)
    return {"families": shown, "nextToken": token}


@SERVICE.op("DeregisterTaskDefinition")
def deregister_task_definition(ctx, p):
    reference = p["taskDefinition"]
    if ":" not in reference:  # a bare family names no single revision
        raise client_error(f"Invalid revision number. Number: {reference}")
    definition = resolve(ctx, reference, client_error("The specified task definition does not exist."))
    if definition["status"] == "ACTIVE":
        definition.update(status="INACTIVE", deregisteredAt=ctx.now)
    return {"taskDefinition": public(definition)}
