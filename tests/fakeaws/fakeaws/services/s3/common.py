"""The S3 service, its state and the bucket lookup every operation starts with."""
from ...errors import AwsError
from ..registry import Service

# New buckets block public access and encrypt with SSE-S3 (AWS's defaults since 2023).
DEFAULT_PUBLIC_ACCESS_BLOCK = {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                               "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
DEFAULT_ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                 "BucketKeyEnabled": False}]}
OWNER = {"DisplayName": "fakeaws", "ID": "f" * 64}
US_EAST_1 = "us-east-1"


class S3State:
    def __init__(self, region=None):
        self.buckets = {}  # name -> bucket record

    def dump(self):
        return {"buckets": [{"name": b["Name"], "region": b["Region"], "objects": len(b["objects"])}
                            for b in self.buckets.values()]}


SERVICE = Service("s3", regional=False, state=S3State)


def bucket_of(ctx, name, any_region=False):
    """The bucket, if this request reached its region (the region of the signature's scope
    stands for the endpoint); any_region for the few operations every endpoint answers."""
    bucket = ctx.state.buckets.get(name)
    if bucket is None:
        raise AwsError("NoSuchBucket", "The specified bucket does not exist", 404)
    if not any_region and bucket["Region"] != ctx.region:
        raise _wrong_region(ctx, bucket)
    return bucket


def _wrong_region(ctx, bucket):
    """What S3 answers a request for a bucket in another region. The us-east-1 (global) endpoint
    hands the request on to the bucket's region, which refuses the signature's region; a
    regional endpoint redirects. Both name the right region in x-amz-bucket-region."""
    region, name = bucket["Region"], bucket["Name"]
    headers = {"x-amz-bucket-region": region}
    if ctx.region == US_EAST_1:
        return AwsError("AuthorizationHeaderMalformed", f"The authorization header is malformed; the "
                        f"region '{ctx.region}' is wrong; expecting '{region}'", 400,
                        headers=headers, fields={"Region": region})
    host = "s3.amazonaws.com" if region == US_EAST_1 else f"s3.{region}.amazonaws.com"
    return AwsError("PermanentRedirect", "The bucket you are attempting to access must be addressed "
                    "using the specified endpoint. Please send all future requests to this endpoint.",
                    301, headers=headers, fields={"Bucket": name, "Endpoint": f"{name}.{host}"})


def new_bucket(name, region, now):
    return {"Name": name, "Region": region, "CreationDate": now, "objects": {}, "tags": None,
            "versioning": None, "public_access_block": dict(DEFAULT_PUBLIC_ACCESS_BLOCK),
            "encryption": DEFAULT_ENCRYPTION, "policy": None, "lifecycle": None}
