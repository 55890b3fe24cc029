"""EC2: one module per resource family; importing them registers their operations."""
from . import catalog, instances, key_pairs, security_groups, tags, vpc  # noqa: F401
from .common import SERVICE  # noqa: F401
