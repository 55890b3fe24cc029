"""S3 lifecycle rules, answers for settings never made, and buckets reached through the wrong region."""
import datetime
import http.client
from urllib.parse import urlsplit

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from fakeaws import credentials
from .conftest import raises
from .test_s3 import send_signed

EXPIRE_LOGS = {"ID": "expire-logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled",
               "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}], "Expiration": {"Days": 365}}


def rule(**changes):
    return {**EXPIRE_LOGS, **changes}


def test_lifecycle_configuration(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="life")
    raises("NoSuchLifecycleConfiguration", 404, s3.get_bucket_lifecycle_configuration, Bucket="life")
    unnamed = {"Filter": {}, "Status": "Disabled", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}
    s3.put_bucket_lifecycle_configuration(Bucket="life", LifecycleConfiguration={"Rules": [EXPIRE_LOGS, unnamed]})
    rules = s3.get_bucket_lifecycle_configuration(Bucket="life")["Rules"]
    assert rules[0] == EXPIRE_LOGS
    assert rules[1]["ID"] and rules[1]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}
    s3.put_bucket_lifecycle_configuration(Bucket="life", LifecycleConfiguration={"Rules": [unnamed]})
    assert len(s3.get_bucket_lifecycle_configuration(Bucket="life")["Rules"]) == 1  # replaced, not merged
    assert s3.delete_bucket_lifecycle(Bucket="life")["ResponseMetadata"]["HTTPStatusCode"] == 204
    raises("NoSuchLifecycleConfiguration", 404, s3.get_bucket_lifecycle_configuration, Bucket="life")
    raises("NoSuchBucket", 404, s3.get_bucket_lifecycle_configuration, Bucket="ghost")


@pytest.mark.parametrize("bad,code", [
    (rule(Transitions=[{"Days": 10, "StorageClass": "STANDARD_IA"}]), "InvalidArgument"),
    (rule(Expiration={"Days": 0}), "InvalidArgument"),
    (rule(Expiration={"Days": 20}), "InvalidArgument"),  # not after the transition
    (rule(Expiration={"Date": datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.timezone.utc)}), "InvalidArgument"),
    (rule(ID="x" * 256), "InvalidArgument"),
    (rule(Prefix="logs/"), "MalformedXML"),  # Prefix and Filter both
    (rule(Filter={"Prefix": "a", "Tag": {"Key": "k", "Value": "v"}}), "MalformedXML"),
    ({"ID": "none", "Filter": {}, "Status": "Enabled"}, "InvalidRequest"),
    ({"Filter": {"Tag": {"Key": "k", "Value": "v"}}, "Status": "Enabled",
      "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}, "InvalidRequest"),
])
def test_lifecycle_rule_checks(client, bad, code):
    client("s3").create_bucket(Bucket="life")
    raises(code, 400, client("s3").put_bucket_lifecycle_configuration, Bucket="life",
           LifecycleConfiguration={"Rules": [bad]})


def test_duplicate_rule_ids_and_missing_md5(client, fake):
    s3 = client("s3")
    s3.create_bucket(Bucket="life")
    raises("InvalidArgument", 400, s3.put_bucket_lifecycle_configuration, Bucket="life",
           LifecycleConfiguration={"Rules": [EXPIRE_LOGS, EXPIRE_LOGS]})
    body = (b'<LifecycleConfiguration><Rule><ID>a</ID><Filter/><Status>Enabled</Status>'
            b'<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>')
    assert send_signed(fake, "PUT", "/life?lifecycle", body) == (400, "InvalidRequest")  # no Content-MD5


def test_settings_never_made(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="fresh")
    assert "Status" not in s3.get_bucket_versioning(Bucket="fresh")
    raises("NoSuchTagSet", 404, s3.get_bucket_tagging, Bucket="fresh")
    raises("NoSuchBucketPolicy", 404, s3.get_bucket_policy, Bucket="fresh")
    s3.delete_public_access_block(Bucket="fresh")
    raises("NoSuchPublicAccessBlockConfiguration", 404, s3.get_public_access_block, Bucket="fresh")


def test_wrong_region_is_redirected(client, fake):
    client("s3", region_name="eu-west-1").create_bucket(
        Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    fake.control("POST", "/_fake/calls/reset")
    # botocore follows S3's answer to the bucket's region, as with AWS.
    client("s3", region_name="eu-central-1").put_bucket_tagging(
        Bucket="eu-bucket", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    client("s3", region_name="us-east-1").head_bucket(Bucket="eu-bucket")
    log = [(c["operation"], c["status"], c["error"]) for c in fake.control("GET", "/_fake/calls")["log"]]
    assert log == [("PutBucketTagging", 301, "PermanentRedirect"), ("PutBucketTagging", 200, None),
                   ("HeadBucket", 400, "AuthorizationHeaderMalformed"), ("HeadBucket", 200, None)]
    assert client("s3").get_bucket_location(Bucket="eu-bucket")["LocationConstraint"] == "eu-west-1"


def signed_get(fake, path, region):
    """A GET signed for region, sent by hand so that no client follows the redirect."""
    netloc = urlsplit(fake.url).netloc
    request = AWSRequest(method="GET", url=f"http://{netloc}{path}", headers={"Host": netloc})
    keys = Credentials(credentials.ACCESS_KEY_ID, credentials.SECRET_ACCESS_KEY)
    botocore.auth.S3SigV4Auth(keys, "s3", region).add_auth(request)
    connection = http.client.HTTPConnection(netloc, timeout=10)
    connection.request("GET", path, headers=dict(request.headers.items()))
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response.getheader("x-amz-bucket-region"), body


def test_wrong_region_answers(client, fake):
    client("s3", region_name="eu-west-1").create_bucket(
        Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    status, region, body = signed_get(fake, "/eu-bucket?list-type=2", "us-east-1")
    assert (status, region) == (400, "eu-west-1")
    assert "<Code>AuthorizationHeaderMalformed</Code>" in body and "<Region>eu-west-1</Region>" in body
    status, region, body = signed_get(fake, "/eu-bucket?list-type=2", "ap-south-1")
    assert (status, region) == (301, "eu-west-1") and "<Code>PermanentRedirect</Code>" in body
    assert "<Endpoint>eu-bucket.s3.eu-west-1.amazonaws.com</Endpoint>" in body
    assert signed_get(fake, "/eu-bucket?list-type=2", "eu-west-1")[0] == 200
    assert signed_get(fake, "/eu-bucket?location", "ap-south-1")[0] == 200  # every endpoint locates


def test_cli_lifecycle_and_region(aws_batch):
    run = aws_batch
    assert run("s3api", "create-bucket", "--bucket", "cli-life", "--region", "eu-west-1",
               "--create-bucket-configuration", "LocationConstraint=eu-west-1")[0] == 0
    config = '{"Rules": [{"ID": "old", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled", "Expiration": {"Days": 7}}]}'
    # The CLI is in us-east-1: S3 sends it on to eu-west-1 and it follows.
    assert run("s3api", "put-bucket-lifecycle-configuration", "--bucket", "cli-life",
               "--lifecycle-configuration", config)[0] == 0
    code, out = run("s3api", "get-bucket-lifecycle-configuration", "--bucket", "cli-life")
    assert code == 0 and out["Rules"][0]["Expiration"] == {"Days": 7}
    assert run("s3api", "delete-bucket-lifecycle", "--bucket", "cli-life")[0] == 0
    code, err = run("s3api", "get-bucket-lifecycle-configuration", "--bucket", "cli-life")
    assert code != 0 and "NoSuchLifecycleConfiguration" in err
