"""Elastic Load Balancing v2 (query protocol, signing name elasticloadbalancing, model elbv2)."""
from . import attributes, listeners, load_balancers, rules, tags, target_groups, targets  # noqa: F401
from .common import SERVICE  # noqa: F401
