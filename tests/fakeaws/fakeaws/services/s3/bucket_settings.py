"""Per-bucket settings: tags, versioning, public access block, default encryption, policy."""
import json

from ...errors import AwsError
from .common import DEFAULT_ENCRYPTION, SERVICE, bucket_of

MAX_TAGS = 50


# --- tagging -----------------------------------------------------------------

@SERVICE.op("PutBucketTagging")
def put_bucket_tagging(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    tags = p["Tagging"].get("TagSet", [])
    keys = [t.get("Key", "") for t in tags]
    if len(set(keys)) != len(keys):
        raise AwsError("InvalidTag", "Cannot provide multiple Tags with the same key")
    if any(k.lower().startswith("aws:") for k in keys):
        raise AwsError("InvalidTag", "System tags cannot be added/updated by requester")
    if len(tags) > MAX_TAGS:
        raise AwsError("BadRequest", f"Bucket tag count cannot be greater than {MAX_TAGS}")
    bucket["tags"] = [{"Key": t["Key"], "Value": t.get("Value", "")} for t in tags]
    return {}


@SERVICE.op("GetBucketTagging")
def get_bucket_tagging(ctx, p):
    tags = bucket_of(ctx, p["Bucket"])["tags"]
    if not tags:
        raise AwsError("NoSuchTagSet", "The TagSet does not exist", 404)
    return {"TagSet": tags}


@SERVICE.op("DeleteBucketTagging")
def delete_bucket_tagging(ctx, p):
    bucket_of(ctx, p["Bucket"])["tags"] = None
    return {}


# --- versioning --------------------------------------------------------------

@SERVICE.op("PutBucketVersioning")
def put_bucket_versioning(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    status = p["VersioningConfiguration"].get("Status")
    if status:  # a configuration without Status changes nothing, as on AWS
        bucket["versioning"] = status
    return {}


@SERVICE.op("GetBucketVersioning")
def get_bucket_versioning(ctx, p):
    status = bucket_of(ctx, p["Bucket"])["versioning"]
    return {"Status": status} if status else {}  # never versioned: no Status at all


# --- public access block -----------------------------------------------------

@SERVICE.op("PutPublicAccessBlock")
def put_public_access_block(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    given = p["PublicAccessBlockConfiguration"]
    names = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
    bucket["public_access_block"] = {name: bool(given.get(name, False)) for name in names}
    return {}


@SERVICE.op("GetPublicAccessBlock")
def get_public_access_block(ctx, p):
    config = bucket_of(ctx, p["Bucket"])["public_access_block"]
    if config is None:
        raise AwsError("NoSuchPublicAccessBlockConfiguration",
                       "The public access block configuration was not found", 404)
    return {"PublicAccessBlockConfiguration": config}


@SERVICE.op("DeletePublicAccessBlock")
def delete_public_access_block(ctx, p):
    bucket_of(ctx, p["Bucket"])["public_access_block"] = None
    return {}


# --- default encryption ------------------------------------------------------

@SERVICE.op("PutBucketEncryption")
def put_bucket_encryption(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    rules = p["ServerSideEncryptionConfiguration"].get("Rules", [])
    for rule in rules:
        default = rule.get("ApplyServerSideEncryptionByDefault", {})
        if default.get("KMSMasterKeyID") and not default.get("SSEAlgorithm", "").startswith("aws:kms"):
            raise AwsError("InvalidArgument", "a KMSMasterKeyID is not applicable if the default "
                           "sse algorithm is not aws:kms or aws:kms:dsse")
    bucket["encryption"] = {"Rules": [{**r, "BucketKeyEnabled": r.get("BucketKeyEnabled", False)}
                                      for r in rules]}
    return {}


@SERVICE.op("GetBucketEncryption")
def get_bucket_encryption(ctx, p):
    return {"ServerSideEncryptionConfiguration": bucket_of(ctx, p["Bucket"])["encryption"]}


@SERVICE.op("DeleteBucketEncryption")
def delete_bucket_encryption(ctx, p):
    # Buckets are never unencrypted any more: deleting restores SSE-S3.
    bucket_of(ctx, p["Bucket"])["encryption"] = DEFAULT_ENCRYPTION
    return {}


# --- bucket policy -----------------------------------------------------------

def _parse_policy(text):
    try:
        policy = json.loads(text)
    except ValueError:
        policy = None
    if not isinstance(policy, dict):
        raise AwsError("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'")
    statements = policy.get("Statement")
    if not statements:
        raise AwsError("MalformedPolicy", "Missing required field Statement")
    return statements if isinstance(statements, list) else [statements]


def _is_public(statement):
    """Allow to everyone without a condition: what BlockPublicPolicy refuses."""
    principal = statement.get("Principal")
    everyone = principal == "*" or (isinstance(principal, dict) and principal.get("AWS") in ("*", ["*"]))
    return statement.get("Effect") == "Allow" and everyone and not statement.get("Condition")


@SERVICE.op("PutBucketPolicy")
def put_bucket_policy(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    statements = _parse_policy(p["Policy"])
    block = bucket["public_access_block"] or {}
    if block.get("BlockPublicPolicy") and any(_is_public(s) for s in statements if isinstance(s, dict)):
        raise AwsError("AccessDenied", f"User: arn:aws:iam::{ctx.account}:root is not authorized to "
                       f"perform: s3:PutBucketPolicy on resource: \"arn:aws:s3:::{p['Bucket']}\" "
                       f"because public policies are blocked by the BlockPublicPolicy block public "
                       f"access setting.", 403)
    bucket["policy"] = p["Policy"]
    return {}


@SERVICE.op("GetBucketPolicy")
def get_bucket_policy(ctx, p):
    policy = bucket_of(ctx, p["Bucket"])["policy"]
    if policy is None:
        raise AwsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404)
    return {"Policy": policy}


@SERVICE.op("DeleteBucketPolicy")
def delete_bucket_policy(ctx, p):
    bucket_of(ctx, p["Bucket"])["policy"] = None
    return {}
