"""Signatures, model checks and the raw wire, as AWS answers them."""
import datetime
import hashlib
import http.client
import urllib.parse

import botocore.exceptions
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from fakeaws import credentials
from .conftest import error_of


def signed_post(url, service, form, when=None, secret=credentials.SECRET_ACCESS_KEY,
                key=credentials.ACCESS_KEY_ID, tamper=False):
    """Sign with botocore at a chosen time and send by hand; returns (status, body)."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    body = urllib.parse.urlencode(form).encode()
    request = AWSRequest("POST", url + "/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    request.headers["X-Amz-Date"] = stamp
    request.context["timestamp"] = stamp
    signer = SigV4Auth(Credentials(key, secret), service, "us-east-1")
    signature = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    headers = signer.headers_to_sign(request)
    request.headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={signer.scope(request)}, "
                                        f"SignedHeaders={signer.signed_headers(headers)}, Signature={signature}")
    if tamper:
        body += b"&UserName=mallory"
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/", body=body, headers=dict(request.headers.items()))
    response = conn.getresponse()
    return response.status, response.read().decode()


def test_wrong_secret_is_signature_mismatch(client):
    bad = client("iam", aws_secret_access_key="wrong")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        bad.list_users()
    assert error_of(e) == ("SignatureDoesNotMatch", 403)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("ec2", aws_secret_access_key="wrong").describe_vpcs()
    assert error_of(e) == ("AuthFailure", 401)


def test_unknown_key_is_invalid_client_token(client):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("sts", aws_access_key_id="AKIAUNKNOWNUNKNOWN00").get_caller_identity()
    assert error_of(e) == ("InvalidClientTokenId", 403)


def test_signed_by_hand_is_accepted(fake):
    status, body = signed_post(fake.url, "sts", {"Action": "GetCallerIdentity", "Version": "2011-06-15"})
    assert status == 200 and "<Account>123456789012</Account>" in body


def test_old_timestamp_is_expired(fake):
    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    status, body = signed_post(fake.url, "sts", {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, when=old)
    assert status == 403 and "SignatureDoesNotMatch" in body and "Signature expired" in body
    status, body = signed_post(fake.url, "ec2", {"Action": "DescribeVpcs", "Version": "2016-11-15"}, when=old)
    assert status == 400 and "RequestExpired" in body
    within = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
    assert signed_post(fake.url, "sts", {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, when=within)[0] == 200


def test_tampered_body_is_rejected(fake):
    status, body = signed_post(fake.url, "iam", {"Action": "ListUsers", "Version": "2010-05-08"}, tamper=True)
    assert status == 403 and "SignatureDoesNotMatch" in body


def test_unsigned_request_is_rejected(fake):
    host, port = urllib.parse.urlsplit(fake.url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/", body="Action=ListUsers&Version=2010-05-08",
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    assert response.status == 403 and b"MissingAuthenticationToken" in response.read()


def test_unknown_operation(fake):
    status, body = signed_post(fake.url, "iam", {"Action": "StealEverything", "Version": "2010-05-08"})
    assert status == 400 and "<Code>InvalidAction</Code>" in body


def test_wrong_type_is_rejected(fake):
    status, body = signed_post(fake.url, "iam", {"Action": "ListUsers", "Version": "2010-05-08", "MaxItems": "lots"})
    assert status == 400 and "ValidationError" in body
    status, body = signed_post(fake.url, "ec2", {"Action": "DescribeVpcs", "Version": "2016-11-15", "Bogus": "1"})
    assert status == 400 and "UnknownParameter" in body


def test_model_violations_use_each_protocols_code(client):
    iam, ec2 = client("iam", validate=False), client("ec2", validate=False)
    cases = [
        (lambda: iam.create_user(), ("ValidationError", 400)),                       # missing member
        (lambda: iam.create_user(UserName="x" * 65), ("ValidationError", 400)),      # too long
        (lambda: iam.list_policies(Scope="Everything"), ("ValidationError", 400)),   # enum
        (lambda: iam.list_users(MaxItems=0), ("ValidationError", 400)),              # range
        (lambda: ec2.delete_vpc(), ("MissingParameter", 400)),
        (lambda: ec2.describe_vpc_attribute(VpcId="vpc-1", Attribute="colour"), ("InvalidParameterValue", 400)),
    ]
    for call, expected in cases:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call()
        assert error_of(e) == expected


def test_cli_rejects_bad_credentials(aws):
    code, err = aws("ec2", "describe-vpcs", AWS_SECRET_ACCESS_KEY="wrong")
    assert code != 0 and "AuthFailure" in err
