"""GetFunction's Code.Location: a presigned URL that serves the deployment package to a plain
GET for ten minutes (the GetFunction API reference), and nothing once the URL is changed or the
code replaced."""
import base64
import hashlib
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from .test_lambda import create, release, role, zipped  # noqa: F401 (role is a fixture)


def download(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # no signature header
        return response.status, response.read()


def refusal(url):
    with pytest.raises(urllib.error.HTTPError) as e:
        download(url)
    return e.value.code, e.value.read().decode()


def test_code_location_serves_the_deployed_zip(client, role, fake):  # noqa: F811
    lam = client("lambda")
    create(lam, role)
    got = lam.get_function(FunctionName="fn")
    location = got["Code"]["Location"]
    parts = urlsplit(location)
    assert parts.netloc == urlsplit(fake.url).netloc  # the fake itself
    assert parts.path.startswith("/awslambda-us-east-1-tasks/snapshots/123456789012/fn-")
    query = parse_qs(parts.query)
    assert query["X-Amz-Expires"] == ["600"] and query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    status, body = download(location)
    assert status == 200 and body == zipped()
    assert base64.b64encode(hashlib.sha256(body).digest()).decode() == got["Configuration"]["CodeSha256"]

    tampered = location.replace("/fn-", "/fm-")
    status, text = refusal(tampered)
    assert status == 403 and "<Code>SignatureDoesNotMatch</Code>" in text

    # New code: the old URL finds nothing, a new GetFunction's serves the new zip.
    release(fake)
    lam.update_function_code(FunctionName="fn", ZipFile=zipped("x = 2\n"))
    assert refusal(location)[0] == 404
    assert download(lam.get_function(FunctionName="fn")["Code"]["Location"])[1] == zipped("x = 2\n")


def test_code_location_expires(client, role, fake):  # noqa: F811
    lam = client("lambda")
    create(lam, role)
    fake.control("POST", "/_fake/config", {"lambda_code_location_seconds": 0})
    location = lam.get_function(FunctionName="fn")["Code"]["Location"]
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["0"]
    status, text = refusal(location)
    assert status == 403 and "Request has expired" in text


def test_an_image_function_has_no_location(client, role):  # noqa: F811
    lam = client("lambda")
    lam.create_function(FunctionName="img", Role=role, PackageType="Image",
                        Code={"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"})
    code = lam.get_function(FunctionName="img")["Code"]
    assert code == {"RepositoryType": "ECR",
                    "ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
                    "ResolvedImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"}
