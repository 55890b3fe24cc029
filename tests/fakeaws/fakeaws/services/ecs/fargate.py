"""Task-level CPU and memory: the forms ECS accepts ("1024", "1 vCPU", "2 GB") and the
combinations Fargate offers (the table in the ECS developer guide's task size section)."""
import re

from .common import client_error

# CPU units -> the memory sizes (MiB) Fargate runs them with.
FARGATE_SIZES = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}
EPHEMERAL_GIB = (21, 200)


def _amount(text, big_unit, what):
    """An integer amount, or a decimal one in the larger unit ("1 vCPU", "2 GB") times 1024."""
    match = re.fullmatch(rf"\s*(\d*\.?\d+)\s*({big_unit})?\s*", text, re.IGNORECASE)
    if not match:
        raise client_error(f"Invalid '{what}' setting for task: {text}")
    value = float(match.group(1))
    return int(value * 1024) if match.group(2) else int(value)


def cpu_units(text):
    """'1024', '1 vCPU' or '.25 vcpu' -> CPU units; ECS stores the integer form."""
    return _amount(text, "vcpu", "cpu")


def memory_mib(text):
    """'2048', '2 GB' or '2GB' -> MiB."""
    return _amount(text, "gb", "memory")


def fits_fargate(cpu, memory):
    return cpu is not None and memory is not None and memory in FARGATE_SIZES.get(cpu, ())


def check_fargate(p, cpu, memory):
    """What RegisterTaskDefinition refuses for requiresCompatibilities FARGATE."""
    if p.get("networkMode") != "awsvpc":
        raise client_error("Fargate only supports network mode \u2018awsvpc\u2019.")
    if cpu is None:
        raise client_error("Fargate requires that 'cpu' be defined at the task level.")
    if memory is None:
        raise client_error("Fargate requires that 'memory' be defined at the task level.")
    if not fits_fargate(cpu, memory):
        raise client_error(f"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. "
                           "See the Amazon ECS documentation for the valid values.")
    uses_awslogs = any(c.get("logConfiguration", {}).get("logDriver") == "awslogs"
                       for c in p["containerDefinitions"])
    if uses_awslogs and not p.get("executionRoleArn"):
        raise client_error("Fargate requires task definition to have execution role ARN to support log "
                           "driver awslogs.")


def check_ephemeral_storage(storage):
    low, high = EPHEMERAL_GIB
    if storage is not None and not low <= storage["sizeInGiB"] <= high:
        raise client_error(f"The ephemeral storage size must be between {low} and {high} GiB.")
