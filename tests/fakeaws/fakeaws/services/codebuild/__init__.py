"""CodeBuild (JSON 1.1): build projects."""
from . import projects  # noqa: F401
from .common import SERVICE  # noqa: F401
