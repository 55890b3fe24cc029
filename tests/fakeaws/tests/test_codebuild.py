"""CodeBuild (JSON 1.1): build projects with AWS's defaults, paging, batch gets, updates."""
import json

import pytest

from .aws_cli_batch import aws_batch, aws_cli_server  # noqa: F401 (fixtures)
from .conftest import raises

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                             "Principal": {"Service": "codebuild.amazonaws.com"}}]})
SOURCE = {"type": "GITHUB", "location": "https://github.com/example/app.git", "buildspec": "buildspec.yml"}
ENVIRONMENT = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL",
               "privilegedMode": True, "environmentVariables": [{"name": "STAGE", "value": "prod"}]}


@pytest.fixture
def role(client, fake):
    fake.control("POST", "/_fake/config", {"iam_role_propagation_seconds": 0})
    return client("iam").create_role(RoleName="build", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def create(codebuild, role, name="app", **extra):
    args = dict(name=name, source=SOURCE, artifacts={"type": "NO_ARTIFACTS"}, environment=ENVIRONMENT,
                serviceRole=role)
    return codebuild.create_project(**{**args, **extra})["project"]


def test_projects(client, role):
    codebuild = client("codebuild")
    project = create(codebuild, role, tags=[{"key": "team", "value": "ci"}], timeoutInMinutes=30,
                     logsConfig={"cloudWatchLogs": {"status": "ENABLED", "groupName": "/ci/app"}})
    assert project["arn"] == "arn:aws:codebuild:us-east-1:123456789012:project/app"
    assert project["environment"]["environmentVariables"] == [{"name": "STAGE", "value": "prod", "type": "PLAINTEXT"}]
    assert project["environment"]["imagePullCredentialsType"] == "CODEBUILD" and project["timeoutInMinutes"] == 30
    assert project["queuedTimeoutInMinutes"] == 480 and project["cache"] == {"type": "NO_CACHE"}
    assert project["logsConfig"]["cloudWatchLogs"]["groupName"] == "/ci/app"
    assert project["logsConfig"]["s3Logs"]["status"] == "DISABLED" and project["tags"][0]["key"] == "team"
    raises("ResourceAlreadyExistsException", 400, create, codebuild=codebuild, role=role)
    raises("InvalidInputException", 400, create, codebuild=codebuild, role=role, name="-bad")
    raises("InvalidInputException", 400, create, codebuild=codebuild, role=role, name="nosrc",
           source={"type": "GITHUB"})
    raises("InvalidInputException", 400, create, codebuild=codebuild, role=role, name="s3art",
           artifacts={"type": "S3"})
    raises("InvalidInputException", 400, create, codebuild=codebuild, role="arn:aws:iam::123456789012:role/ghost",
           name="ghost")
    raises("ValidationException", 400, create, codebuild=client("codebuild", validate=False), role=role,
           name="slow", timeoutInMinutes=1000)

    for name in ("b-app", "c-app"):
        create(codebuild, role, name=name, source={"type": "NO_SOURCE", "buildspec": "version: 0.2"})
    assert codebuild.list_projects()["projects"] == ["app", "b-app", "c-app"]
    assert codebuild.list_projects(sortBy="NAME", sortOrder="DESCENDING")["projects"][0] == "c-app"
    raises("InvalidInputException", 400, codebuild.list_projects, nextToken="garbage")
    got = codebuild.batch_get_projects(names=["app", "arn:aws:codebuild:us-east-1:123456789012:project/b-app", "ghost"])
    assert [p["name"] for p in got["projects"]] == ["app", "b-app"] and got["projectsNotFound"] == ["ghost"]
    raises("ValidationException", 400, client("codebuild", validate=False).batch_get_projects,
           names=[f"p{i}" for i in range(101)])

    updated = codebuild.update_project(name="app", timeoutInMinutes=45,
                                       environment={**ENVIRONMENT, "computeType": "BUILD_GENERAL1_MEDIUM"})["project"]
    assert updated["timeoutInMinutes"] == 45 and updated["environment"]["computeType"] == "BUILD_GENERAL1_MEDIUM"
    assert updated["source"] == {**SOURCE, "insecureSsl": False} and updated["lastModified"] >= updated["created"]
    raises("InvalidInputException", 400, codebuild.update_project, name="app",
           serviceRole="arn:aws:iam::123456789012:role/ghost")
    assert codebuild.batch_get_projects(names=["app"])["projects"][0]["serviceRole"] == role
    raises("ResourceNotFoundException", 400, codebuild.update_project, name="ghost", timeoutInMinutes=10)
    codebuild.delete_project(name="app")
    codebuild.delete_project(name="app")  # CodeBuild lists no not-found error for a delete
    assert codebuild.batch_get_projects(names=["app"])["projectsNotFound"] == ["app"]


def test_list_projects_pages(client, role):
    codebuild = client("codebuild")
    for i in range(101):
        codebuild.create_project(name=f"p{i:03d}", source={"type": "NO_SOURCE", "buildspec": "x"},
                                 artifacts={"type": "NO_ARTIFACTS"}, environment=ENVIRONMENT, serviceRole=role)
    first = codebuild.list_projects()
    assert len(first["projects"]) == 100 and first["nextToken"]
    assert codebuild.list_projects(nextToken=first["nextToken"])["projects"] == ["p100"]


def test_cli_codebuild(aws_batch, role):
    run = aws_batch
    code, out = run("codebuild", "create-project", "--name", "cli", "--source",
                    "type=NO_SOURCE,buildspec=version: 0.2", "--artifacts", "type=NO_ARTIFACTS",
                    "--environment", json.dumps(ENVIRONMENT), "--service-role", role)
    assert code == 0 and out["project"]["name"] == "cli"
    assert run("codebuild", "list-projects")[1]["projects"] == ["cli"]
    code, out = run("codebuild", "batch-get-projects", "--names", "cli", "nope")
    assert out["projectsNotFound"] == ["nope"] and out["projects"][0]["environment"]["privilegedMode"] is True
    assert run("codebuild", "update-project", "--name", "cli", "--timeout-in-minutes", "20")[1]["project"][
        "timeoutInMinutes"] == 20
    assert run("codebuild", "delete-project", "--name", "cli")[0] == 0
    code, err = run("codebuild", "create-project", "--name", "cli", "--source", "type=NO_SOURCE,buildspec=x",
                    "--artifacts", "type=NO_ARTIFACTS", "--environment", json.dumps(ENVIRONMENT),
                    "--service-role", "arn:aws:iam::123456789012:role/ghost")
    assert code != 0 and "CodeBuild is not authorized to perform: sts:AssumeRole" in err
