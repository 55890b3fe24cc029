"""RDS: DB instances, DB subnet groups and their tags; importing the modules registers them."""
from . import instance_changes, instances, snapshots, subnet_groups, tags  # noqa: F401
from .common import SERVICE  # noqa: F401
