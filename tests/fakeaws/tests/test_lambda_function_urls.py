"""Lambda function URLs (rest-json under /2021-10-31/): one per function and qualifier."""
import re

from .aws_cli_batch import aws_batch, aws_cli_server  # noqa: F401 (fixtures)
from .test_lambda import create, raises, role  # noqa: F401 (role is a fixture)

URL = re.compile(r"https://[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws/")
CORS = {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"], "MaxAge": 300}


def test_function_urls(client, role):  # noqa: F811
    lam = client("lambda")
    arn = create(lam, role)["FunctionArn"]
    created = lam.create_function_url_config(FunctionName="fn", AuthType="AWS_IAM", Cors=CORS)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert URL.fullmatch(created["FunctionUrl"]) and created["FunctionArn"] == arn and created["Cors"] == CORS
    raises("ResourceConflictException", 409, lam.create_function_url_config, FunctionName="fn", AuthType="NONE")
    got = lam.get_function_url_config(FunctionName=arn)
    assert got["FunctionUrl"] == created["FunctionUrl"] and got["AuthType"] == "AWS_IAM" and got["LastModifiedTime"]
    updated = lam.update_function_url_config(FunctionName="fn", AuthType="NONE")
    assert updated["AuthType"] == "NONE" and updated["Cors"] == CORS and updated["FunctionUrl"] == created["FunctionUrl"]
    raises("ResourceNotFoundException", 404, lam.get_function_url_config, FunctionName="fn", Qualifier="live")
    raises("ResourceNotFoundException", 404, lam.create_function_url_config, FunctionName="ghost", AuthType="NONE")
    raises("ValidationException", 400, lam.create_function_url_config, FunctionName="fn", AuthType="NONE",
           Qualifier="42")  # a version number is no alias
    latest = lam.create_function_url_config(FunctionName="fn", Qualifier="$LATEST", AuthType="NONE")
    assert latest["FunctionArn"] == arn + ":$LATEST" and latest["FunctionUrl"] != created["FunctionUrl"]
    first = lam.list_function_url_configs(FunctionName="fn", MaxItems=1)
    assert len(first["FunctionUrlConfigs"]) == 1 and first["NextMarker"]
    rest = lam.list_function_url_configs(FunctionName="fn", Marker=first["NextMarker"])
    assert [c["FunctionArn"] for c in rest["FunctionUrlConfigs"]] == [arn + ":$LATEST"]
    deleted = lam.delete_function_url_config(FunctionName="fn")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    raises("ResourceNotFoundException", 404, lam.delete_function_url_config, FunctionName="fn")
    assert len(lam.list_function_url_configs(FunctionName="fn")["FunctionUrlConfigs"]) == 1


def test_cli_function_urls(aws_batch, client, role):  # noqa: F811
    create(client("lambda"), role, name="cli")
    run = aws_batch
    code, out = run("lambda", "create-function-url-config", "--function-name", "cli", "--auth-type", "NONE",
                    "--cors", "AllowOrigins=*")
    assert code == 0 and URL.fullmatch(out["FunctionUrl"])
    assert run("lambda", "get-function-url-config", "--function-name", "cli")[1]["Cors"] == {"AllowOrigins": ["*"]}
    assert run("lambda", "list-function-url-configs", "--function-name", "cli")[1]["FunctionUrlConfigs"]
    assert run("lambda", "delete-function-url-config", "--function-name", "cli")[0] == 0
    code, err = run("lambda", "get-function-url-config", "--function-name", "cli")
    assert code != 0 and "ResourceNotFoundException" in err
