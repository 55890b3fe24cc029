"""Tags on clusters and cluster subnet groups, addressed by ARN."""
import re

from ...errors import AwsError
from .. import managed_db
from .common import SERVICE, arn, cluster_of, settle, subnet_group_of, tag_matches

_ARN = re.compile(r"arn:aws:redshift:([^:]+):(\d{12}):(cluster|subnetgroup):(.+)")
# DescribeTags' ResourceType, as AWS names the types, -> the kind in the ARN.
RESOURCE_TYPES = {"cluster": "cluster", "subnet group": "subnetgroup", "subnetgroup": "subnetgroup"}


def _tagged(ctx, resource_name):
    """The record an ARN names; a missing one is ResourceNotFoundFault whatever its kind."""
    settle(ctx)
    parts = managed_db.arn_parts(ctx, _ARN, resource_name)
    if parts is None:
        raise AwsError("InvalidParameterValue", f"Tagging is not supported for the resource {resource_name}.")
    kind, name = parts
    lookup = cluster_of if kind == "cluster" else subnet_group_of
    try:
        return lookup(ctx, name)
    except AwsError:
        raise AwsError("ResourceNotFoundFault", f"The resource {resource_name} could not be found.", 404)


@SERVICE.op("CreateTags")
def create_tags(ctx, p):
    if any(t["Key"].startswith("aws:") for t in p["Tags"]):
        raise AwsError("InvalidTagFault", "Tag keys must not start with 'aws:'.")
    record = _tagged(ctx, p["ResourceName"])
    record["Tags"] = managed_db.merge_tags(record["Tags"], p["Tags"], limit=50)
    return {}


@SERVICE.op("DeleteTags")
def delete_tags(ctx, p):
    record = _tagged(ctx, p["ResourceName"])
    record["Tags"] = managed_db.drop_tags(record["Tags"], p["TagKeys"])
    return {}


@SERVICE.op("DescribeTags")
def describe_tags(ctx, p):
    if p.get("ResourceName"):
        record = _tagged(ctx, p["ResourceName"])  # a malformed or missing ARN is an error
        resources = [(_ARN.fullmatch(p["ResourceName"]).group(3), record)]
    else:
        settle(ctx)
        resources = [("cluster", c) for c in ctx.state.clusters.values()]
        resources += [("subnetgroup", g) for g in ctx.state.subnet_groups.values()]
    if p.get("ResourceType"):
        wanted = RESOURCE_TYPES.get(p["ResourceType"].lower())
        resources = [(kind, r) for kind, r in resources if kind == wanted]
    keys, values = p.get("TagKeys"), p.get("TagValues")
    tagged = [{"Tag": tag, "ResourceType": kind, "ResourceName": arn(ctx, kind, _name(kind, record))}
              for kind, record in resources for tag in record["Tags"] if tag_matches([tag], keys, values)]
    page, marker = managed_db.page(p, tagged)
    return {"TaggedResources": page, "Marker": marker}


def _name(kind, record):
    return record["ClusterIdentifier"] if kind == "cluster" else record["ClusterSubnetGroupName"]
