"""Lambda (rest-json): functions and their lifecycle, tags and resource policies."""
from . import functions, resource_policy  # noqa: F401
from .common import SERVICE  # noqa: F401
