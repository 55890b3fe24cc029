"""SSM Parameter Store: seed parameters and read them back as AWS returns them."""
import urllib.request

import pytest

from .conftest import raises


@pytest.fixture
def ssm(client):
    return client("ssm")


def test_put_get_overwrite(ssm):
    put = ssm.put_parameter(Name="/app/db/host", Value="db.internal", Type="String")
    assert (put["Version"], put["Tier"]) == (1, "Standard")
    got = ssm.get_parameter(Name="/app/db/host")["Parameter"]
    assert (got["Value"], got["Type"], got["Version"], got["DataType"]) == ("db.internal", "String", 1, "text")
    assert got["ARN"] == "arn:aws:ssm:us-east-1:123456789012:parameter/app/db/host"
    raises("ParameterAlreadyExists", 400, ssm.put_parameter, Name="/app/db/host", Value="x", Type="String")
    assert ssm.put_parameter(Name="/app/db/host", Value="db2.internal", Overwrite=True)["Version"] == 2
    assert ssm.get_parameter(Name="/app/db/host")["Parameter"]["Value"] == "db2.internal"
    old = ssm.get_parameter(Name="/app/db/host:1")["Parameter"]
    assert (old["Value"], old["Selector"]) == ("db.internal", ":1")
    raises("ParameterVersionNotFound", 400, ssm.get_parameter, Name="/app/db/host:9")
    raises("ParameterNotFound", 400, ssm.get_parameter, Name="/app/missing")
    raises("ValidationException", 400, ssm.put_parameter, Name="/app/x", Value="v", Type="String", Overwrite=True,
           Tags=[{"Key": "k", "Value": "v"}])
    raises("ValidationException", 400, ssm.put_parameter, Name="/new", Value="v")  # no Type on create
    raises("ValidationException", 400, ssm.put_parameter, Name="ssm-thing", Value="v", Type="String")
    raises("ValidationException", 400, ssm.put_parameter, Name="a/b", Value="v", Type="String")
    ssm.delete_parameter(Name="/app/db/host")
    raises("ParameterNotFound", 400, ssm.delete_parameter, Name="/app/db/host")


def test_secure_string_needs_decryption(ssm, fake):
    ssm.put_parameter(Name="/app/db/password", Value="pa55-Word-x", Type="SecureString")
    hidden = ssm.get_parameter(Name="/app/db/password")["Parameter"]
    assert hidden["Type"] == "SecureString" and hidden["Value"] != "pa55-Word-x" and hidden["Value"]
    assert ssm.get_parameter(Name="/app/db/password", WithDecryption=True)["Parameter"]["Value"] == "pa55-Word-x"
    with urllib.request.urlopen(fake.url + "/_fake/state") as response:
        assert b"pa55-Word-x" not in response.read()


def test_get_parameters_and_by_path(ssm):
    for name in ("/svc/a", "/svc/b", "/svc/deep/c", "/other/d"):
        ssm.put_parameter(Name=name, Value=name.upper(), Type="String")
    got = ssm.get_parameters(Names=["/svc/a", "/nope", "/svc/b"])
    assert [p["Name"] for p in got["Parameters"]] == ["/svc/a", "/svc/b"] and got["InvalidParameters"] == ["/nope"]
    flat = [p["Name"] for page in ssm.get_paginator("get_parameters_by_path").paginate(Path="/svc")
            for p in page["Parameters"]]
    assert flat == ["/svc/a", "/svc/b"]
    deep = ssm.get_parameters_by_path(Path="/svc/", Recursive=True, MaxResults=2)
    assert len(deep["Parameters"]) == 2 and deep["NextToken"]


def test_cli_ssm(aws_batch):
    assert aws_batch("ssm", "put-parameter", "--name", "/cli/p", "--value", "v1", "--type", "SecureString")[0] == 0
    code, out = aws_batch("ssm", "get-parameter", "--name", "/cli/p", "--with-decryption")
    assert code == 0 and out["Parameter"]["Value"] == "v1"
    code, err = aws_batch("ssm", "put-parameter", "--name", "/cli/p", "--value", "v2", "--type", "SecureString")
    assert code != 0 and "ParameterAlreadyExists" in err
