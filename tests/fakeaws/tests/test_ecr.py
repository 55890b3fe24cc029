"""ECR exercises the JSON 1.1 protocol: bodies, X-Amz-Target, errors, paging."""
import botocore.exceptions
import pytest

from .conftest import error_of


def test_repositories(client):
    ecr = client("ecr")
    repo = ecr.create_repository(repositoryName="app", tags=[{"Key": "k", "Value": "v"}])["repository"]
    assert repo["repositoryUri"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ecr.create_repository(repositoryName="app")
    assert error_of(e) == ("RepositoryAlreadyExistsException", 400)
    for i in range(3):
        ecr.create_repository(repositoryName=f"r{i}")
    pages = list(ecr.get_paginator("describe_repositories").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["repositories"]) for p in pages] == [2, 2]
    ecr.delete_repository(repositoryName="app")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ecr.describe_repositories(repositoryNames=["app"])
    assert error_of(e) == ("RepositoryNotFoundException", 400)


def test_json_protocol_errors(client, fake):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("ecr", aws_secret_access_key="wrong").describe_repositories()
    assert error_of(e) == ("InvalidSignatureException", 400)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("ecr", validate=False).create_repository()
    assert error_of(e) == ("ValidationException", 400)
    fake.control("POST", "/_fake/faults", {"rules": [{"kind": "throttle", "count": 1, "service": "ecr"}]})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("ecr").describe_repositories()
    assert error_of(e) == ("ThrottlingException", 400)


def test_cli_ecr(aws):
    assert aws("ecr", "create-repository", "--repository-name", "cli")[0] == 0
    code, out = aws("ecr", "describe-repositories")
    assert code == 0 and out["repositories"][0]["repositoryName"] == "cli"
