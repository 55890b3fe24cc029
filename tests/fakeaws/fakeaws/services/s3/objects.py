"""Objects: just enough for BucketNotEmpty, `aws s3 ls/cp` and ListObjectsV2 paging."""
import base64
import hashlib
from urllib.parse import quote

from ...errors import AwsError
from .common import OWNER, SERVICE, bucket_of

MAX_KEY_BYTES = 1024
MAX_KEYS = 1000


def _object_of(bucket, key):
    found = bucket["objects"].get(key)
    if found is None:
        raise AwsError("NoSuchKey", "The specified key does not exist.", 404)
    return found


@SERVICE.op("PutObject")
def put_object(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    key = p["Key"]
    if len(key.encode()) > MAX_KEY_BYTES:
        raise AwsError("KeyTooLongError", "Your key is too long")
    body = p.get("Body") or b""
    etag = f'"{hashlib.md5(body).hexdigest()}"'
    bucket["objects"][key] = {"Body": body, "ETag": etag, "LastModified": ctx.now,
                              "ContentType": p.get("ContentType", "binary/octet-stream"),
                              "Metadata": p.get("Metadata", {})}
    return {"ETag": etag, "ServerSideEncryption": "AES256"}


def _head(obj):
    return {"ContentLength": len(obj["Body"]), "ContentType": obj["ContentType"], "ETag": obj["ETag"],
            "LastModified": obj["LastModified"], "Metadata": obj["Metadata"], "AcceptRanges": "bytes",
            "ServerSideEncryption": "AES256"}


@SERVICE.op("HeadObject")
def head_object(ctx, p):
    return _head(_object_of(bucket_of(ctx, p["Bucket"]), p["Key"]))


@SERVICE.op("GetObject")
def get_object(ctx, p):
    obj = _object_of(bucket_of(ctx, p["Bucket"]), p["Key"])
    return {**_head(obj), "Body": obj["Body"]}


@SERVICE.op("DeleteObject")
def delete_object(ctx, p):
    bucket_of(ctx, p["Bucket"])["objects"].pop(p["Key"], None)  # absent keys delete fine
    return {}


def _token(key):
    return base64.urlsafe_b64encode(f"fakeaws-key:{key}".encode()).decode()


def _after_token(token):
    try:
        prefix, _, key = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
    except ValueError:
        prefix = ""
    if prefix != "fakeaws-key":
        raise AwsError("InvalidArgument", "The continuation token provided is incorrect")
    return key


def _entries(bucket, prefix, delimiter, after):
    """Keys and common prefixes in key order, each once: (sort key, object or None)."""
    seen_prefixes = set()
    for key in sorted(bucket["objects"]):
        if not key.startswith(prefix) or key <= after:
            continue
        cut = key.find(delimiter, len(prefix)) if delimiter else -1
        if cut < 0:
            yield key, bucket["objects"][key]
            continue
        common = key[:cut + len(delimiter)]
        if common not in seen_prefixes and common > after:
            seen_prefixes.add(common)
            yield common, None


@SERVICE.op("ListObjectsV2")
def list_objects_v2(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    limit = p.get("MaxKeys", MAX_KEYS)
    if limit < 0:
        raise AwsError("InvalidArgument", "Argument maxKeys must be an integer between 0 and 2147483647")
    limit = min(limit, MAX_KEYS)
    prefix, delimiter = p.get("Prefix", ""), p.get("Delimiter", "")
    token = p.get("ContinuationToken")
    after = _after_token(token) if token else p.get("StartAfter", "")
    # A common prefix ends a page after all its keys: resume past every key under it.
    entries = list(_entries(bucket, prefix, delimiter, after))
    page, rest = entries[:limit], (entries[limit:] if limit else [])  # max-keys=0: nothing, no more
    encode = (lambda s: quote(s, safe="/")) if p.get("EncodingType") == "url" else (lambda s: s)
    contents = [{"Key": encode(key), "LastModified": obj["LastModified"], "ETag": obj["ETag"],
                 "Size": len(obj["Body"]), "StorageClass": "STANDARD",
                 **({"Owner": OWNER} if p.get("FetchOwner") else {})}
                for key, obj in page if obj is not None]
    commons = [{"Prefix": encode(key)} for key, obj in page if obj is None]
    last = page[-1][0] if page else ""
    if page and page[-1][1] is None:
        last += "\U0010ffff"  # past every key under the last common prefix
    return {"Name": p["Bucket"], "Prefix": encode(prefix), "Delimiter": encode(delimiter) or None,
            "MaxKeys": limit, "KeyCount": len(page), "IsTruncated": bool(rest),
            "Contents": contents or None, "CommonPrefixes": commons or None,
            "EncodingType": p.get("EncodingType"), "ContinuationToken": token,
            "NextContinuationToken": _token(last) if rest else None,
            "StartAfter": encode(p["StartAfter"]) if p.get("StartAfter") else None}
