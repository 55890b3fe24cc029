"""Tags on DB instances and DB subnet groups, addressed by ARN."""
import re

from ...errors import AwsError
from .. import managed_db
from .common import SERVICE, instance_of, subnet_group_of
from .lifecycle import settle

_ARN = re.compile(r"arn:aws:rds:([^:]+):(\d{12}):(db|subgrp):(.+)")


def _tagged(ctx, resource_name):
    """The record an ARN names, or the error AWS gives for that kind of resource."""
    settle(ctx)
    parts = managed_db.arn_parts(ctx, _ARN, resource_name)
    if parts is None:
        raise AwsError("InvalidParameterValue", f"The specified resource name does not match an RDS "
                       f"resource in this region: {resource_name}")
    kind, name = parts
    return instance_of(ctx, name) if kind == "db" else subnet_group_of(ctx, name)


@SERVICE.op("AddTagsToResource")
def add_tags_to_resource(ctx, p):
    record = _tagged(ctx, p["ResourceName"])
    record["TagList"] = managed_db.merge_tags(record["TagList"], p["Tags"])
    return {}


@SERVICE.op("RemoveTagsFromResource")
def remove_tags_from_resource(ctx, p):
    record = _tagged(ctx, p["ResourceName"])
    record["TagList"] = managed_db.drop_tags(record["TagList"], p["TagKeys"])
    return {}


@SERVICE.op("ListTagsForResource")
def list_tags_for_resource(ctx, p):
    return {"TagList": list(_tagged(ctx, p["ResourceName"])["TagList"])}
