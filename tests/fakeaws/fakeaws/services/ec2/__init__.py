"""EC2: one module per resource family; importing them registers their operations."""
from . import catalog, default_vpc, instances, internet_gateways, key_pairs  # noqa: F401
from . import route_tables, security_groups, subnets, tags, vpc  # noqa: F401
from .common import SERVICE  # noqa: F401
