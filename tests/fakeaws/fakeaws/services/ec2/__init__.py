"""EC2: one module per resource family; importing them registers their operations."""
from . import catalog, default_vpc, endpoint_services, endpoints, instances, internet_gateways  # noqa: F401
from . import key_pairs, route_tables, security_group_rules, security_groups, subnets, tags, vpc  # noqa: F401
from .common import SERVICE  # noqa: F401
