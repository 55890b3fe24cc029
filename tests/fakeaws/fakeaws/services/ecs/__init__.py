"""ECS (JSON 1.1): clusters, task definitions, Fargate services with deployments, tags."""
from . import clusters, services, tags, task_definitions  # noqa: F401
from .common import SERVICE  # noqa: F401
