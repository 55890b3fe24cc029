"""The S3 service, its state and the bucket lookup every operation starts with."""
from ...errors import AwsError
from ..registry import Service

# New buckets block public access and encrypt with SSE-S3 (AWS's defaults since 2023).
DEFAULT_PUBLIC_ACCESS_BLOCK = {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                               "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
DEFAULT_ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                 "BucketKeyEnabled": False}]}
OWNER = {"DisplayName": "fakeaws", "ID": "f" * 64}


class S3State:
    def __init__(self, region=None):
        self.buckets = {}  # name -> bucket record

    def dump(self):
        return {"buckets": [{"name": b["Name"], "region": b["Region"], "objects": len(b["objects"])}
                            for b in self.buckets.values()]}


SERVICE = Service("s3", regional=False, state=S3State)


def bucket_of(ctx, name):
    bucket = ctx.state.buckets.get(name)
    if bucket is None:
        raise AwsError("NoSuchBucket", "The specified bucket does not exist", 404)
    return bucket


def new_bucket(name, region, now):
    return {"Name": name, "Region": region, "CreationDate": now, "objects": {}, "tags": None,
            "versioning": None, "public_access_block": dict(DEFAULT_PUBLIC_ACCESS_BLOCK),
            "encryption": DEFAULT_ENCRYPTION, "policy": None}
