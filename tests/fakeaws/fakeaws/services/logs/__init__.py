"""CloudWatch Logs (JSON 1.1): log groups, their retention and tags; importing the modules
registers their operations."""
from . import groups, tags  # noqa: F401
from .common import SERVICE  # noqa: F401
