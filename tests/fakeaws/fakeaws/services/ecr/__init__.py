"""ECR (JSON 1.1): repositories and their settings, tags, lifecycle policies and images;
importing the modules registers their operations."""
from . import images, lifecycle, repositories, tags  # noqa: F401
from .common import SERVICE  # noqa: F401
