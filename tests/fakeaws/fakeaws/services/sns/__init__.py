"""SNS (query protocol): topics, their attributes and tags, and subscriptions with e-mail
confirmation; importing the modules registers their operations."""
from . import subscriptions, topics  # noqa: F401
from .common import SERVICE  # noqa: F401
