"""Buckets: create (with AWS's region rules), head, list, locate, delete."""
import ipaddress
import re

from ...errors import AwsError
from .common import OWNER, SERVICE, US_EAST_1, bucket_of, new_bucket

_NAME = re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")


def _check_name(name):
    try:
        ipaddress.IPv4Address(name)
        looks_like_ip = True
    except ValueError:
        looks_like_ip = False
    if (not _NAME.fullmatch(name) or ".." in name or looks_like_ip or name.startswith("xn--")
            or name.endswith("-s3alias")):
        raise AwsError("InvalidBucketName", "The specified bucket is not valid.")


def _region_for(ctx, constraint):
    """The bucket's region: us-east-1's endpoint takes any constraint but its own name;
    a regional endpoint takes only its own region."""
    if ctx.region == US_EAST_1:
        if constraint == US_EAST_1:
            raise AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid")
        return constraint or US_EAST_1
    if constraint != ctx.region:
        which = f"'{constraint}' location constraint" if constraint else "unspecified location constraint"
        raise AwsError("IllegalLocationConstraintException", f"The {which} is incompatible for the "
                       f"region specific endpoint this request was sent to.")
    return constraint


@SERVICE.op("CreateBucket")
def create_bucket(ctx, p):
    name = p["Bucket"]
    _check_name(name)
    region = _region_for(ctx, p.get("CreateBucketConfiguration", {}).get("LocationConstraint"))
    existing = ctx.state.buckets.get(name)
    if existing is not None:
        # us-east-1 keeps its legacy answer: re-creating your own bucket there succeeds.
        if region == US_EAST_1 and existing["Region"] == US_EAST_1:
            return {"Location": f"/{name}"}
        raise AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket "
                       "succeeded and you already own it.", 409)
    if any(name in other.buckets for other in ctx.world.other_accounts_states("s3", ctx.account)):
        raise AwsError("BucketAlreadyExists", "The requested bucket name is not available. The bucket "
                       "namespace is shared by all users of the system. Please select a different "
                       "name and try again.", 409)
    ctx.state.buckets[name] = new_bucket(name, region, ctx.now)
    return {"Location": f"/{name}" if region == US_EAST_1 else f"http://{name}.s3.amazonaws.com/"}


@SERVICE.op("HeadBucket")
def head_bucket(ctx, p):
    bucket_of(ctx, p["Bucket"])
    return {}


@SERVICE.op("ListBuckets")
def list_buckets(ctx, p):
    buckets = sorted((b for b in ctx.state.buckets.values() if ctx.visible(b["CreationDate"])),
                     key=lambda b: b["Name"])
    return {"Buckets": [{"Name": b["Name"], "CreationDate": b["CreationDate"]} for b in buckets],
            "Owner": OWNER}


@SERVICE.op("GetBucketLocation")
def get_bucket_location(ctx, p):
    region = bucket_of(ctx, p["Bucket"], any_region=True)["Region"]
    return {"LocationConstraint": None if region == US_EAST_1 else region}


@SERVICE.op("DeleteBucket")
def delete_bucket(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    if bucket["objects"]:
        raise AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
    del ctx.state.buckets[p["Bucket"]]
    return {}
