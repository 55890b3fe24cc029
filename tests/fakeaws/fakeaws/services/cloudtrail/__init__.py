"""CloudTrail (JSON 1.1): trails with their delivery checks, shadow trails, logging status and
tags; importing the modules registers their operations."""
from . import logging_status, tags, trails  # noqa: F401
from .common import SERVICE  # noqa: F401
