"""ECR exercises the JSON 1.1 protocol: bodies, X-Amz-Target, errors, paging."""
import json
import urllib.error

import botocore.exceptions
import pytest

from .conftest import error_of, raises


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


POLICY = {"rules": [
    {"rulePriority": 1, "description": "keep ten releases",
     "selection": {"tagStatus": "tagged", "tagPrefixList": ["v"], "countType": "imageCountMoreThan",
                   "countNumber": 10}, "action": {"type": "expire"}},
    {"rulePriority": 2, "selection": {"tagStatus": "any", "countType": "sinceImagePushed",
                                      "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]}


def test_tags_are_not_in_describe(client):
    ecr = client("ecr")
    arn = ecr.create_repository(repositoryName="team/app", tags=[{"Key": "team", "Value": "a"}])[
        "repository"]["repositoryArn"]
    assert "tags" not in ecr.describe_repositories()["repositories"][0]
    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "team", "Value": "a"}]
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "prod"}])
    ecr.untag_resource(resourceArn=arn, tagKeys=["env", "absent"])
    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "team", "Value": "b"}]
    raises("InvalidTagParameterException", 400, ecr.tag_resource, resourceArn=arn,
           tags=[{"Key": "aws:owner", "Value": "x"}])
    raises("TooManyTagsException", 400, ecr.tag_resource, resourceArn=arn,
           tags=[{"Key": f"k{i}", "Value": ""} for i in range(50)])
    raises("RepositoryNotFoundException", 400, ecr.list_tags_for_resource, resourceArn=arn + "x")
    raises("InvalidParameterException", 400, ecr.list_tags_for_resource, resourceArn="arn:aws:s3:::b")


def test_settings_and_encryption(client):
    ecr = client("ecr")
    kms = ecr.create_repository(repositoryName="kms", encryptionConfiguration={"encryptionType": "KMS"})
    key = kms["repository"]["encryptionConfiguration"]["kmsKey"]
    assert key.startswith("arn:aws:kms:us-east-1:123456789012:key/")  # the AWS-managed aws/ecr key
    ecr.create_repository(repositoryName="own", imageTagMutability="IMMUTABLE",
                          encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "alias/mine"})
    raises("InvalidParameterException", 400, ecr.create_repository, repositoryName="bad",
           encryptionConfiguration={"encryptionType": "AES256", "kmsKey": "alias/mine"})
    raises("InvalidParameterException", 400, ecr.create_repository, repositoryName="Upper")
    answer = ecr.put_image_tag_mutability(repositoryName="kms", imageTagMutability="IMMUTABLE")
    assert answer["imageTagMutability"] == "IMMUTABLE" and answer["registryId"] == "123456789012"
    ecr.put_image_scanning_configuration(repositoryName="kms", imageScanningConfiguration={"scanOnPush": True})
    repos = {r["repositoryName"]: r for r in ecr.describe_repositories()["repositories"]}
    assert repos["kms"]["imageTagMutability"] == "IMMUTABLE"
    assert repos["kms"]["imageScanningConfiguration"] == {"scanOnPush": True}
    assert repos["own"]["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": "alias/mine"}
    raises("RepositoryNotFoundException", 400, ecr.put_image_tag_mutability, repositoryName="ghost",
           imageTagMutability="MUTABLE")
    raises("InvalidParameterException", 400, ecr.describe_repositories, repositoryNames=["kms"], maxResults=1)


def test_lifecycle_policy(client):
    ecr = client("ecr")
    ecr.create_repository(repositoryName="app")
    raises("LifecyclePolicyNotFoundException", 400, ecr.get_lifecycle_policy, repositoryName="app")
    text = json.dumps(POLICY)
    assert ecr.put_lifecycle_policy(repositoryName="app", lifecyclePolicyText=text)["lifecyclePolicyText"] == text
    assert json.loads(ecr.get_lifecycle_policy(repositoryName="app")["lifecyclePolicyText"]) == POLICY
    any_first = {"rules": [dict(POLICY["rules"][1], rulePriority=1), dict(POLICY["rules"][0], rulePriority=2)]}
    untagged_prefix = {"rules": [{**POLICY["rules"][0], "selection": {
        **POLICY["rules"][0]["selection"], "tagStatus": "untagged"}}]}
    no_unit = {"rules": [{**POLICY["rules"][1], "selection": {
        k: v for k, v in POLICY["rules"][1]["selection"].items() if k != "countUnit"}}]}
    for bad in (any_first, untagged_prefix, no_unit, {"rules": [POLICY["rules"][0]] * 2}):
        raises("InvalidParameterException", 400, ecr.put_lifecycle_policy, repositoryName="app",
               lifecyclePolicyText=json.dumps(bad))
    raises("InvalidParameterException", 400, ecr.put_lifecycle_policy, repositoryName="app",
           lifecyclePolicyText="{" + " " * 120)
    assert ecr.delete_lifecycle_policy(repositoryName="app")["lifecyclePolicyText"] == text
    raises("LifecyclePolicyNotFoundException", 400, ecr.delete_lifecycle_policy, repositoryName="app")
    raises("RepositoryNotFoundException", 400, ecr.get_lifecycle_policy, repositoryName="ghost")


def test_delete_needs_force_while_images_exist(client, fake):
    ecr = client("ecr")
    ecr.create_repository(repositoryName="app", imageTagMutability="IMMUTABLE")
    pushed = fake.control("POST", "/_fake/ecr/push", {"repositoryName": "app", "imageTag": "v1"})
    assert ecr.list_images(repositoryName="app")["imageIds"] == [pushed]
    with pytest.raises(urllib.error.HTTPError) as e:  # an immutable tag cannot move
        fake.control("POST", "/_fake/ecr/push", {"repositoryName": "app", "imageTag": "v1"})
    assert e.value.code == 409
    raises("RepositoryNotEmptyException", 400, ecr.delete_repository, repositoryName="app")
    assert ecr.delete_repository(repositoryName="app", force=True)["repository"]["repositoryName"] == "app"
    raises("RepositoryNotFoundException", 400, ecr.delete_repository, repositoryName="app")


def test_describe_pages_by_100_without_max_results(client):
    ecr = client("ecr")
    for i in range(101):
        ecr.create_repository(repositoryName=f"r{i:03d}")
    first = ecr.describe_repositories()
    assert len(first["repositories"]) == 100 and first["nextToken"]
    rest = ecr.describe_repositories(nextToken=first["nextToken"])
    assert [r["repositoryName"] for r in rest["repositories"]] == ["r100"] and "nextToken" not in rest


def test_cli_ecr_settings(aws_batch):
    run = aws_batch
    code, out = run("ecr", "create-repository", "--repository-name", "cli", "--tags", "Key=k,Value=v",
                    "--encryption-configuration", "encryptionType=KMS")
    assert code == 0 and out["repository"]["encryptionConfiguration"]["encryptionType"] == "KMS"
    arn = out["repository"]["repositoryArn"]
    assert run("ecr", "list-tags-for-resource", "--resource-arn", arn)[1]["tags"] == [{"Key": "k", "Value": "v"}]
    assert run("ecr", "put-lifecycle-policy", "--repository-name", "cli",
               "--lifecycle-policy-text", json.dumps(POLICY))[0] == 0
    code, err = run("ecr", "delete-lifecycle-policy", "--repository-name", "ghost")
    assert code != 0 and "RepositoryNotFoundException" in err
    assert run("ecr", "put-image-tag-mutability", "--repository-name", "cli",
               "--image-tag-mutability", "IMMUTABLE")[1]["imageTagMutability"] == "IMMUTABLE"
