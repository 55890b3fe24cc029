"""S3 exercises rest-xml: URI routing, XML bodies, header members, S3's errors and paging."""
import http.client
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import botocore.auth
import botocore.config
import botocore.exceptions
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from fakeaws import credentials

from .aws_cli_batch import ENV
from .conftest import error_of

PUBLIC_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::pub/*"}]})


def raises(code, status, call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    assert error_of(e) == (code, status)


def test_buckets(client):
    s3 = client("s3")
    assert s3.create_bucket(Bucket="logs")["Location"] == "/logs"
    s3.create_bucket(Bucket="logs")  # us-east-1 answers 200 to re-creating your own bucket
    eu = client("s3", region_name="eu-west-1")
    eu.create_bucket(Bucket="eu-data", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    raises("BucketAlreadyOwnedByYou", 409, eu.create_bucket, Bucket="eu-data",
           CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    raises("IllegalLocationConstraintException", 400, eu.create_bucket, Bucket="x-eu")
    raises("InvalidLocationConstraint", 400, s3.create_bucket, Bucket="x-us",
           CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    raises("InvalidBucketName", 400, s3.create_bucket, Bucket="Bad_Name")
    s3.head_bucket(Bucket="logs")
    raises("404", 404, s3.head_bucket, Bucket="ghost")  # HEAD errors have no body
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["eu-data", "logs"]
    assert s3.get_bucket_location(Bucket="logs")["LocationConstraint"] is None
    assert s3.get_bucket_location(Bucket="eu-data")["LocationConstraint"] == "eu-west-1"
    raises("NoSuchBucket", 404, s3.get_bucket_location, Bucket="ghost")
    s3.put_object(Bucket="logs", Key="a", Body=b"x")
    raises("BucketNotEmpty", 409, s3.delete_bucket, Bucket="logs")
    s3.delete_object(Bucket="logs", Key="a")
    assert s3.delete_bucket(Bucket="logs")["ResponseMetadata"]["HTTPStatusCode"] == 204
    raises("NoSuchBucket", 404, s3.delete_bucket, Bucket="logs")


def test_tagging_and_versioning(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="tagged")
    raises("NoSuchTagSet", 404, s3.get_bucket_tagging, Bucket="tagged")
    tags = [{"Key": "team", "Value": "a"}, {"Key": "env", "Value": "prod"}]
    s3.put_bucket_tagging(Bucket="tagged", Tagging={"TagSet": tags})
    assert s3.get_bucket_tagging(Bucket="tagged")["TagSet"] == tags
    raises("InvalidTag", 400, s3.put_bucket_tagging, Bucket="tagged",
           Tagging={"TagSet": [{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]})
    s3.delete_bucket_tagging(Bucket="tagged")
    raises("NoSuchTagSet", 404, s3.get_bucket_tagging, Bucket="tagged")
    assert "Status" not in s3.get_bucket_versioning(Bucket="tagged")
    s3.put_bucket_versioning(Bucket="tagged", VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket="tagged")["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket="tagged", VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket="tagged")["Status"] == "Suspended"
    raises("MalformedXML", 400, client("s3", validate=False).put_bucket_versioning, Bucket="tagged",
           VersioningConfiguration={"Status": "Sometimes"})


def test_public_access_block_encryption_policy(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="pub")
    block = s3.get_public_access_block(Bucket="pub")["PublicAccessBlockConfiguration"]
    assert block == {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                     "RestrictPublicBuckets": True}  # on by default, as since 2023
    raises("NoSuchBucketPolicy", 404, s3.get_bucket_policy, Bucket="pub")
    raises("AccessDenied", 403, s3.put_bucket_policy, Bucket="pub", Policy=PUBLIC_POLICY)
    s3.put_public_access_block(Bucket="pub", PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    assert s3.get_public_access_block(Bucket="pub")["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is False
    s3.delete_public_access_block(Bucket="pub")
    raises("NoSuchPublicAccessBlockConfiguration", 404, s3.get_public_access_block, Bucket="pub")
    s3.put_bucket_policy(Bucket="pub", Policy=PUBLIC_POLICY)
    assert json.loads(s3.get_bucket_policy(Bucket="pub")["Policy"]) == json.loads(PUBLIC_POLICY)
    raises("MalformedPolicy", 400, s3.put_bucket_policy, Bucket="pub", Policy="not json")
    s3.delete_bucket_policy(Bucket="pub")
    raises("NoSuchBucketPolicy", 404, s3.get_bucket_policy, Bucket="pub")
    rules = s3.get_bucket_encryption(Bucket="pub")["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    kms = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/data"}
    s3.put_bucket_encryption(Bucket="pub", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": kms, "BucketKeyEnabled": True}]})
    rule = s3.get_bucket_encryption(Bucket="pub")["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule == {"ApplyServerSideEncryptionByDefault": kms, "BucketKeyEnabled": True}
    raises("InvalidArgument", 400, s3.put_bucket_encryption, Bucket="pub", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {**kms, "SSEAlgorithm": "AES256"}}]})
    s3.delete_bucket_encryption(Bucket="pub")  # back to SSE-S3, never unencrypted
    rules = s3.get_bucket_encryption(Bucket="pub")["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_objects_and_paging(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="files")
    keys = ["a.txt", "dir/b c.txt", "dir/sub/d.txt", "e+f.txt", "z/ü.txt"]
    for key in keys:
        s3.put_object(Bucket="files", Key=key, Body=key.encode(), Metadata={"origin": "test"},
                      ContentType="text/plain")
    got = s3.get_object(Bucket="files", Key="dir/b c.txt")
    assert got["Body"].read() == b"dir/b c.txt" and got["Metadata"] == {"origin": "test"}
    head = s3.head_object(Bucket="files", Key="z/ü.txt")
    assert head["ContentLength"] == len("z/ü.txt".encode()) and head["ContentType"] == "text/plain"
    raises("NoSuchKey", 404, s3.get_object, Bucket="files", Key="ghost")
    raises("404", 404, s3.head_object, Bucket="files", Key="ghost")
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket="files", PaginationConfig={"PageSize": 2}))
    assert [[o["Key"] for o in p.get("Contents", [])] for p in pages] == [keys[:2], keys[2:4], keys[4:]]
    top = s3.list_objects_v2(Bucket="files", Delimiter="/")
    assert [o["Key"] for o in top["Contents"]] == ["a.txt", "e+f.txt"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["dir/", "z/"]
    first = s3.list_objects_v2(Bucket="files", Delimiter="/", MaxKeys=2)
    rest = s3.list_objects_v2(Bucket="files", Delimiter="/", ContinuationToken=first["NextContinuationToken"])
    assert [p["Prefix"] for p in rest["CommonPrefixes"]] == ["z/"] and rest["KeyCount"] == 2
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="files", StartAfter="e")["Contents"]] == keys[3:]
    raises("InvalidArgument", 400, s3.list_objects_v2, Bucket="files", ContinuationToken="bogus")
    s3.delete_object(Bucket="files", Key="a.txt")
    assert s3.list_objects_v2(Bucket="files", Prefix="a")["KeyCount"] == 0


def test_s3_wire_errors(client, fake):
    raises("SignatureDoesNotMatch", 403, client("s3", aws_secret_access_key="wrong").list_buckets)
    raises("InvalidAccessKeyId", 403, client("s3", aws_access_key_id="AKIANOSUCHKEY0000000").list_buckets)
    session = client("sts").get_session_token()["Credentials"]
    raises("InvalidToken", 400, client("s3", aws_access_key_id=session["AccessKeyId"],
                                       aws_secret_access_key=session["SecretAccessKey"],
                                       aws_session_token="wrong").list_buckets)
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "throttle", "count": 1, "service": "s3"},
                                                     {"kind": "error", "status": 500, "count": 1}]})
    raises("SlowDown", 503, client("s3").list_buckets)
    raises("InternalError", 500, client("s3").list_buckets)


def send_signed(fake, method, path, body=b"", host=None, signer=botocore.auth.S3SigV4Auth,
                sent_body=None, unsigned_payload=False):
    """Sign with botocore, send with http.client: (status, error code or None)."""
    netloc = urlsplit(fake.url).netloc
    request = AWSRequest(method=method, url=f"http://{host or netloc}{path}", data=body,
                         headers={"Host": host or netloc})
    if unsigned_payload:
        request.context["client_config"] = botocore.config.Config(s3={"payload_signing_enabled": False})
    keys = Credentials(credentials.ACCESS_KEY_ID, credentials.SECRET_ACCESS_KEY)
    signer(keys, "s3", credentials.DEFAULT_REGION).add_auth(request)
    connection = http.client.HTTPConnection(netloc, timeout=10)
    connection.request(method, path, body=body if sent_body is None else sent_body,
                       headers=dict(request.headers.items()))
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    code = re.search(r"<Code>(.*?)</Code>", text)
    return response.status, code[1] if code else None


def test_s3_signing(client, fake):
    client("s3").create_bucket(Bucket="signed")
    # Virtual-hosted style: the bucket is in the Host header, the path is the key.
    assert send_signed(fake, "PUT", "/k", b"data", host="signed.s3.amazonaws.com") == (200, None)
    assert send_signed(fake, "PUT", "/signed/u", b"data", unsigned_payload=True) == (200, None)
    assert send_signed(fake, "PUT", "/signed/m", b"data", sent_body=b"DATA") == (
        400, "XAmzContentSHA256Mismatch")
    assert send_signed(fake, "GET", "/signed", signer=botocore.auth.SigV4Auth) == (400, "InvalidRequest")
    assert send_signed(fake, "PATCH", "/signed") == (405, "MethodNotAllowed")
    keys = [o["Key"] for o in client("s3").list_objects_v2(Bucket="signed")["Contents"]]
    assert keys == ["k", "u"]
    sigv4 = client("s3", config=botocore.config.Config(signature_version="s3v4"))  # not SigV2
    url = sigv4.generate_presigned_url("get_object", Params={"Bucket": "signed", "Key": "k"})
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"data"
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url.replace("/k?", "/u?"), timeout=10)
    assert e.value.code == 403 and b"SignatureDoesNotMatch" in e.value.read()


def cli_text(server, fake, *args, **env):
    """The batch CLI with raw output (`aws s3` prints text) and environment overrides such as a
    wrong secret key: (exit code, stdout or stderr)."""
    request = {"args": ["--endpoint-url", fake.url, *args], "env": {**ENV, **env}}
    server.process.stdin.write(json.dumps(request) + "\n")
    server.process.stdin.flush()
    reply = json.loads(server.process.stdout.readline())
    return reply["code"], reply["stdout"] if reply["code"] == 0 else reply["stderr"]


def test_cli_s3(aws_cli_server, fake, tmp_path):
    def aws_s3(*args):
        return cli_text(aws_cli_server, fake, "s3", *args)
    upload = tmp_path / "up.txt"
    upload.write_text("hello")
    assert aws_s3("mb", "s3://cli-bucket")[0] == 0
    assert aws_s3("cp", str(upload), "s3://cli-bucket/dir/up.txt")[0] == 0
    code, out = aws_s3("ls")
    assert code == 0 and out.split()[-1] == "cli-bucket"
    code, out = aws_s3("ls", "s3://cli-bucket/")
    assert code == 0 and out.split() == ["PRE", "dir/"]
    code, out = aws_s3("ls", "s3://cli-bucket/dir/")
    assert code == 0 and out.split()[-2:] == ["5", "up.txt"]
    assert aws_s3("cp", "s3://cli-bucket/dir/up.txt", str(tmp_path / "down.txt"))[0] == 0
    assert (tmp_path / "down.txt").read_text() == "hello"
    code, err = aws_s3("rb", "s3://cli-bucket")
    assert code != 0 and "BucketNotEmpty" in err
    assert aws_s3("rm", "s3://cli-bucket/dir/up.txt")[0] == 0
    assert aws_s3("rb", "s3://cli-bucket")[0] == 0
    code, err = cli_text(aws_cli_server, fake, "s3api", "create-bucket", "--bucket", "Bad_Name")
    assert code != 0 and "InvalidBucketName" in err
    code, err = cli_text(aws_cli_server, fake, "s3api", "list-buckets", AWS_SECRET_ACCESS_KEY="wrong")
    assert code != 0 and "SignatureDoesNotMatch" in err


def test_cli_s3api(aws_batch, tmp_path):
    run = aws_batch
    assert run("s3api", "create-bucket", "--bucket", "api", "--region", "eu-west-1",
               "--create-bucket-configuration", "LocationConstraint=eu-west-1")[0] == 0
    assert run("s3api", "head-bucket", "--bucket", "api")[0] == 0
    assert [b["Name"] for b in run("s3api", "list-buckets")[1]["Buckets"]] == ["api"]
    assert run("s3api", "get-bucket-location", "--bucket", "api")[1]["LocationConstraint"] == "eu-west-1"
    assert run("s3api", "put-bucket-tagging", "--bucket", "api", "--tagging", "TagSet=[{Key=k,Value=v}]")[0] == 0
    assert run("s3api", "get-bucket-tagging", "--bucket", "api")[1]["TagSet"] == [{"Key": "k", "Value": "v"}]
    assert run("s3api", "delete-bucket-tagging", "--bucket", "api")[0] == 0
    code, err = run("s3api", "get-bucket-tagging", "--bucket", "api")
    assert code != 0 and "NoSuchTagSet" in err
    assert run("s3api", "put-bucket-versioning", "--bucket", "api",
               "--versioning-configuration", "Status=Enabled")[0] == 0
    assert run("s3api", "get-bucket-versioning", "--bucket", "api")[1]["Status"] == "Enabled"
    assert run("s3api", "put-public-access-block", "--bucket", "api", "--public-access-block-configuration",
               "BlockPublicAcls=true,BlockPublicPolicy=false")[0] == 0
    code, out = run("s3api", "get-public-access-block", "--bucket", "api")
    assert out["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is False
    assert run("s3api", "delete-public-access-block", "--bucket", "api")[0] == 0
    assert run("s3api", "put-bucket-encryption", "--bucket", "api", "--server-side-encryption-configuration",
               '{"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]}')[0] == 0
    code, out = run("s3api", "get-bucket-encryption", "--bucket", "api")
    assert out["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms"}
    assert run("s3api", "delete-bucket-encryption", "--bucket", "api")[0] == 0
    assert run("s3api", "put-bucket-policy", "--bucket", "api", "--policy", PUBLIC_POLICY)[0] == 0
    assert json.loads(run("s3api", "get-bucket-policy", "--bucket", "api")[1]["Policy"])["Statement"]
    assert run("s3api", "delete-bucket-policy", "--bucket", "api")[0] == 0
    body = tmp_path / "body"
    body.write_bytes(b"\x00\x01binary")
    for key in ("k1", "k2", "k3"):
        assert run("s3api", "put-object", "--bucket", "api", "--key", key, "--body", str(body))[0] == 0
    assert run("s3api", "head-object", "--bucket", "api", "--key", "k1")[1]["ContentLength"] == 8
    out_file = tmp_path / "out"
    assert run("s3api", "get-object", "--bucket", "api", "--key", "k1", str(out_file))[0] == 0
    assert out_file.read_bytes() == b"\x00\x01binary"
    code, out = run("s3api", "list-objects-v2", "--bucket", "api", "--max-items", "2", "--page-size", "1")
    assert [o["Key"] for o in out["Contents"]] == ["k1", "k2"] and out["NextToken"]
    assert run("s3api", "delete-object", "--bucket", "api", "--key", "k1")[0] == 0
    code, err = run("s3api", "get-object", "--bucket", "api", "--key", "k1", str(out_file))
    assert code != 0 and "NoSuchKey" in err
