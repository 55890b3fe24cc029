"""CloudWatch (query protocol, signing name `monitoring`): metric alarms per region, their
evaluation and tags; importing the modules registers their operations."""
from . import alarms, tags  # noqa: F401
from .common import SERVICE  # noqa: F401
