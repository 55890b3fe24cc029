"""Secrets Manager (JSON 1.1): secrets, their versions and values, random passwords, and the
secrets other services (RDS) keep here; importing the modules registers them."""
from . import passwords, secrets, values  # noqa: F401
from .common import SERVICE  # noqa: F401
