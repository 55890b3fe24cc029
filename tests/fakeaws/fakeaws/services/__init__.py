"""The service table. Adding a service = one module defining a `SERVICE` and a line here."""
from .registry import Service  # noqa: F401


def all_services():
    # Imported here so each service module can import the registry freely.
    from . import ec2, ecr, iam, sts
    return [sts.SERVICE, iam.SERVICE, ec2.SERVICE, ecr.SERVICE]
