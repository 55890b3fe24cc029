"""Redshift: clusters, cluster subnet groups and their tags; importing the modules registers them."""
from . import clusters, iam_roles, snapshots, subnet_groups, tags  # noqa: F401
from .common import SERVICE  # noqa: F401
