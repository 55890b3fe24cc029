"""REST routing without a socket: method + requestUri (+ required members) names the operation."""
import http.client
import io

import botocore.exceptions
import pytest

from fakeaws import models, protocols
from fakeaws.protocols.common import Request


def request(method, target, headers=None, host="127.0.0.1:4566"):
    path, _, query = target.partition("?")
    message = http.client.parse_headers(io.BytesIO(
        "".join(f"{k}: {v}\r\n" for k, v in {"Host": host, **(headers or {})}.items()).encode() + b"\r\n"))
    return Request(method, path, query, message, b"")


S3 = protocols.for_model(models.service_model("s3"))
LAMBDA = protocols.for_model(models.service_model("lambda"))


@pytest.mark.parametrize("method, target, headers, operation", [
    ("GET", "/", {}, "ListBuckets"),
    ("GET", "/b", {}, "ListObjects"),
    ("GET", "/b?list-type=2&prefix=a", {}, "ListObjectsV2"),
    ("GET", "/b?location", {}, "GetBucketLocation"),
    ("PUT", "/b?tagging", {}, "PutBucketTagging"),
    ("PUT", "/b/dir/key.txt", {}, "PutObject"),
    ("PUT", "/b/key", {"x-amz-copy-source": "/a/k"}, "CopyObject"),
    ("PUT", "/b/key?partNumber=1&uploadId=u", {}, "UploadPart"),
    ("DELETE", "/b/key", {}, "DeleteObject"),
    ("DELETE", "/b/key?uploadId=u", {}, "AbortMultipartUpload"),
    ("GET", "/b/dir/", {}, "GetObject"),  # a key ending in "/" stays a key
    ("HEAD", "/b", {}, "HeadBucket"),
])
def test_s3_routes(method, target, headers, operation):
    assert S3.operation_name(request(method, target, headers), None) == operation


def test_s3_virtual_host_and_unknown_routes():
    assert S3.operation_name(request("GET", "/?tagging", host="b.s3.amazonaws.com"), None) == "GetBucketTagging"
    assert S3.operation_name(request("GET", "/k", host="b.localhost:4566"), None) == "GetObject"
    assert S3.operation_name(request("PATCH", "/b"), None) is None


def test_s3_binds_members():
    op = models.operation_model("s3", "GetObject")
    params = S3.parse_input(op, request("GET", "/b/a%20b/c%2Bd?versionId=v1", {"Range": "bytes=0-1"}), None)
    assert params == {"Bucket": "b", "Key": "a b/c+d", "VersionId": "v1", "Range": "bytes=0-1"}


@pytest.mark.parametrize("method, target, operation", [
    ("GET", "/2015-03-31/functions/", "ListFunctions"),
    ("GET", "/2015-03-31/functions", "ListFunctions"),  # the trailing slash is not significant
    ("POST", "/2015-03-31/functions", "CreateFunction"),
    ("GET", "/2015-03-31/functions/fn", "GetFunction"),
    ("GET", "/2015-03-31/functions/fn/configuration", "GetFunctionConfiguration"),
    ("DELETE", "/2015-03-31/functions/fn/policy/sid", "RemovePermission"),
    ("POST", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn", "TagResource"),
])
def test_lambda_routes(method, target, operation):
    assert LAMBDA.operation_name(request(method, target), None) == operation


def test_lambda_binds_query_lists():
    op = models.operation_model("lambda", "UntagResource")
    arn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn"
    params = LAMBDA.parse_input(op, request("DELETE", f"/2017-03-31/tags/{arn}?tagKeys=a&tagKeys=b"), None)
    assert params == {"Resource": "arn:aws:lambda:us-east-1:123456789012:function:fn", "TagKeys": ["a", "b"]}


def test_not_implemented_is_501(client):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("s3").copy_object(Bucket="b", Key="k", CopySource="a/k")
    assert e.value.response["Error"]["Code"] == "NotImplemented"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
