"""Lambda exercises rest-json: URI labels, JSON bodies, 201/204 statuses, header error codes."""
import base64
import hashlib
import io
import json
import zipfile

import botocore.exceptions
import pytest

from .conftest import error_of
from .test_s3 import cli_text

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                             "Principal": {"Service": "lambda.amazonaws.com"}}]})


def raises(code, status, call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    assert error_of(e) == (code, status)


def zipped(source="def handler(event, context):\n    return 1\n"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed timestamp: two archives of one source made a second apart are the same bytes.
        archive.writestr(zipfile.ZipInfo("index.py", date_time=(2024, 1, 1, 0, 0, 0)), source)
    return buffer.getvalue()


def hold(fake, seconds=60):
    """Keep functions in their transitional states until release(): no race with the clock."""
    fake.control("POST", "/_fake/config", {"lambda_pending_seconds": seconds, "lambda_updating_seconds": seconds})


def release(fake):
    hold(fake, 0)  # states are evaluated when read, so the next call sees them settled


@pytest.fixture
def role(client, fake):
    release(fake)
    return client("iam").create_role(RoleName="fn-role", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def create(lam, role, name="fn", **extra):
    return lam.create_function(FunctionName=name, Runtime="python3.9", Role=role, Handler="index.handler",
                               Code={"ZipFile": zipped()}, **extra)


def test_function_lifecycle(client, role, fake):
    lam = client("lambda")
    hold(fake)
    created = create(lam, role, Environment={"Variables": {"A": "1"}}, Tags={"team": "a"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201 and created["State"] == "Pending"
    assert created["CodeSha256"] == base64.b64encode(hashlib.sha256(zipped()).digest()).decode()
    assert created["FunctionArn"] == "arn:aws:lambda:us-east-1:123456789012:function:fn"
    raises("ResourceConflictException", 409, create, lam, role)
    raises("ResourceConflictException", 409, lam.update_function_configuration, FunctionName="fn", Timeout=9)
    release(fake)
    assert lam.get_function_configuration(FunctionName="fn")["State"] == "Active"
    got = lam.get_function(FunctionName=created["FunctionArn"], Qualifier="$LATEST")
    assert got["Tags"] == {"team": "a"} and got["Code"]["RepositoryType"] == "S3"
    assert got["Configuration"]["Environment"] == {"Variables": {"A": "1"}}
    raises("ResourceNotFoundException", 404, lam.get_function, FunctionName="fn", Qualifier="7")
    hold(fake)
    updated = lam.update_function_configuration(FunctionName="fn", Timeout=30, MemorySize=256,
                                                Environment={"Variables": {"B": "2"}})
    assert updated["LastUpdateStatus"] == "InProgress" and updated["Timeout"] == 30
    raises("ResourceConflictException", 409, lam.update_function_code, FunctionName="fn", ZipFile=zipped("x=1"))
    release(fake)
    config = lam.get_function_configuration(FunctionName="fn")
    assert config["LastUpdateStatus"] == "Successful"
    assert config["Environment"] == {"Variables": {"B": "2"}} and config["MemorySize"] == 256
    raises("PreconditionFailedException", 412, lam.update_function_code, FunctionName="fn",
           ZipFile=zipped("x=1"), RevisionId="stale")
    code = lam.update_function_code(FunctionName="fn", ZipFile=zipped("x=1"), RevisionId=config["RevisionId"])
    assert code["CodeSha256"] != created["CodeSha256"] and code["RevisionId"] != config["RevisionId"]
    assert lam.delete_function(FunctionName="fn")["ResponseMetadata"]["HTTPStatusCode"] == 204
    raises("ResourceNotFoundException", 404, lam.get_function_configuration, FunctionName="fn")
    raises("ResourceNotFoundException", 404, lam.delete_function, FunctionName="fn")


def test_create_function_checks(client, role):
    lam, raw = client("lambda"), client("lambda", validate=False)
    raises("ValidationException", 400, create, raw, "not-an-arn")
    raises("InvalidParameterValueException", 400, create, lam, "arn:aws:iam::123456789012:role/ghost")
    raises("InvalidParameterValueException", 400, lam.create_function, FunctionName="f", Role=role,
           Code={"ZipFile": zipped()})  # no Runtime or Handler for a zip package
    raises("InvalidParameterValueException", 400, lam.create_function, FunctionName="f", Role=role,
           Runtime="python3.9", Handler="h", Code={"ZipFile": b"not a zip"})
    raises("ValidationException", 400, create, raw, role, MemorySize=64)
    raises("ValidationException", 400, raw.create_function, FunctionName="f", Role=role,
           Handler="h", Runtime="cobol", Code={"ZipFile": zipped()})
    raises("InvalidRequestContentException", 400, create, raw, role, Timeout="soon")
    s3 = client("s3")
    s3.create_bucket(Bucket="code")
    s3.put_object(Bucket="code", Key="fn.zip", Body=zipped())
    from_s3 = lam.create_function(FunctionName="from-s3", Runtime="python3.9", Role=role,
                                  Handler="index.handler", Code={"S3Bucket": "code", "S3Key": "fn.zip"})
    assert from_s3["CodeSize"] == len(zipped())
    raises("InvalidParameterValueException", 400, lam.create_function, FunctionName="f", Role=role,
           Runtime="python3.9", Handler="h", Code={"S3Bucket": "code", "S3Key": "ghost.zip"})


def test_list_functions_paging(client, role):
    lam = client("lambda")
    for i in range(5):
        create(lam, role, name=f"fn{i}")
    pages = list(lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2}))
    assert [[f["FunctionName"] for f in p["Functions"]] for p in pages] == [["fn0", "fn1"], ["fn2", "fn3"], ["fn4"]]
    assert "State" not in pages[0]["Functions"][0], "ListFunctions leaves the lifecycle fields out"
    raises("InvalidParameterValueException", 400, lam.list_functions, Marker="bogus")
    raises("ValidationException", 400, client("lambda", validate=False).list_functions, MaxItems=0)


def test_tags_and_permissions(client, role):
    lam = client("lambda")
    arn = create(lam, role)["FunctionArn"]
    lam.tag_resource(Resource=arn, Tags={"a": "1", "b": "2"})
    lam.untag_resource(Resource=arn, TagKeys=["a"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"b": "2"}
    raises("ResourceNotFoundException", 404, lam.list_tags, Resource=arn + "x")
    raises("InvalidParameterValueException", 400, lam.tag_resource, Resource=arn, Tags={"aws:x": "1"})
    raises("ResourceNotFoundException", 404, lam.get_policy, FunctionName="fn")
    statement = lam.add_permission(FunctionName="fn", StatementId="s3", Action="lambda:InvokeFunction",
                                   Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::code")["Statement"]
    assert json.loads(statement)["Principal"] == {"Service": "s3.amazonaws.com"}
    raises("ResourceConflictException", 409, lam.add_permission, FunctionName="fn", StatementId="s3",
           Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
    policy = json.loads(lam.get_policy(FunctionName="fn")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["s3"]
    lam.remove_permission(FunctionName="fn", StatementId="s3")
    raises("ResourceNotFoundException", 404, lam.remove_permission, FunctionName="fn", StatementId="s3")


def test_lambda_wire_errors(client, fake):
    raises("InvalidSignatureException", 403, client("lambda", aws_secret_access_key="wrong").list_functions)
    raises("UnrecognizedClientException", 403,
           client("lambda", aws_access_key_id="AKIANOSUCHKEY0000000").list_functions)
    session = client("sts").get_session_token()["Credentials"]
    with_session = client("lambda", aws_access_key_id=session["AccessKeyId"],
                          aws_secret_access_key=session["SecretAccessKey"], aws_session_token=session["SessionToken"])
    assert with_session.list_functions()["Functions"] == []
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "throttle", "count": 1, "service": "lambda"},
                                                     {"kind": "error", "status": 503, "count": 1}]})
    raises("TooManyRequestsException", 429, client("lambda").list_functions)
    raises("ServiceUnavailableException", 503, client("lambda").list_functions)


def test_cli_lambda(aws_batch, aws_cli_server, role, fake, tmp_path):
    package = tmp_path / "fn.zip"
    package.write_bytes(zipped())
    run = aws_batch
    code, out = run("lambda", "create-function", "--function-name", "cli", "--runtime", "python3.9",
                    "--role", role, "--handler", "index.handler", "--zip-file", f"fileb://{package}")
    assert code == 0 and out["State"] == "Pending"
    arn = out["FunctionArn"]
    assert run("lambda", "get-function", "--function-name", "cli")[1]["Configuration"]["State"] == "Active"
    assert run("lambda", "create-function", "--function-name", "cli2", "--runtime", "python3.9",
               "--role", role, "--handler", "index.handler", "--zip-file", f"fileb://{package}")[0] == 0
    code, out = run("lambda", "list-functions", "--max-items", "1")
    assert [f["FunctionName"] for f in out["Functions"]] == ["cli"] and out["NextToken"]
    code, out = run("lambda", "update-function-configuration", "--function-name", "cli", "--timeout", "20")
    assert code == 0 and out["Timeout"] == 20
    assert run("lambda", "get-function-configuration", "--function-name", "cli")[1]["Timeout"] == 20
    assert run("lambda", "update-function-code", "--function-name", "cli",
               "--zip-file", f"fileb://{package}")[0] == 0
    assert run("lambda", "tag-resource", "--resource", arn, "--tags", "k=v")[0] == 0
    assert run("lambda", "list-tags", "--resource", arn)[1]["Tags"] == {"k": "v"}
    assert run("lambda", "untag-resource", "--resource", arn, "--tag-keys", "k")[0] == 0
    assert run("lambda", "add-permission", "--function-name", "cli", "--statement-id", "s",
               "--action", "lambda:InvokeFunction", "--principal", "events.amazonaws.com")[0] == 0
    assert json.loads(run("lambda", "get-policy", "--function-name", "cli")[1]["Policy"])["Statement"]
    assert run("lambda", "remove-permission", "--function-name", "cli", "--statement-id", "s")[0] == 0
    assert run("lambda", "delete-function", "--function-name", "cli")[0] == 0
    code, err = run("lambda", "get-function", "--function-name", "cli")
    assert code != 0 and "ResourceNotFoundException" in err
    code, err = run("lambda", "create-function", "--function-name", "bad", "--runtime", "python3.9",
                    "--role", "not-a-role", "--handler", "h", "--zip-file", f"fileb://{package}")
    assert code != 0 and "ValidationException" in err
    code, err = cli_text(aws_cli_server, fake, "lambda", "list-functions", AWS_SECRET_ACCESS_KEY="wrong")
    assert code != 0 and "InvalidSignatureException" in err
