"""Systems Manager Parameter Store (JSON 1.1), enough to seed and read parameters."""
from . import parameters  # noqa: F401
from .common import SERVICE  # noqa: F401
