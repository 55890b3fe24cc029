"""EC2: one module per resource family; importing them registers their operations."""
from . import (catalog, instances, internet_gateways, key_pairs, route_tables, security_groups, subnets,  # noqa: F401
               tags, vpc)
from .common import SERVICE  # noqa: F401
