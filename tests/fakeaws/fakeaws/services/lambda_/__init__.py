"""Lambda (rest-json): functions and their lifecycle, tags, resource policies, function URLs."""
from . import function_urls, functions, resource_policy, snapshots  # noqa: F401
from .common import SERVICE  # noqa: F401
