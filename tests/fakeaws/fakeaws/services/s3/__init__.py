"""S3: buckets, their settings and objects; importing the modules registers their operations.

One bucket namespace per account (bucket names are global on AWS), each bucket in a region.
"""
from . import bucket_settings, buckets, lifecycle, objects  # noqa: F401
from .common import SERVICE  # noqa: F401
