"""Repositories: create (tags, tag mutability, scanning, encryption), describe, delete, and the
two settings that have their own Put operations."""
import uuid

from ... import paging
from ...errors import AwsError
from .common import SERVICE, check_name, not_found, public, repository_of, settings_answer
from .tags import checked_tags

DEFAULT_PAGE = 100  # DescribeRepositories without maxResults


def _encryption(ctx, given):
    """AES256 unless asked; KMS without a key uses the AWS-managed key for ECR (aws/ecr)."""
    given = given or {"encryptionType": "AES256"}
    if given["encryptionType"] == "AES256":
        if given.get("kmsKey"):
            raise AwsError("InvalidParameterException", "Invalid parameter at 'encryptionConfiguration' "
                           "failed to satisfy constraint: 'kmsKey can only be specified when "
                           "encryptionType is KMS'")
        return {"encryptionType": "AES256"}
    managed_key = uuid.uuid5(uuid.NAMESPACE_URL, f"{ctx.region}/aws/ecr")
    key = given.get("kmsKey") or ctx.arn("kms", f"key/{managed_key}", ctx.region)
    return {"encryptionType": "KMS", "kmsKey": key}


@SERVICE.op("CreateRepository")
def create_repository(ctx, p):
    name = p["repositoryName"]
    check_name(name)
    if name in ctx.state.repositories:
        raise AwsError("RepositoryAlreadyExistsException", f"The repository with name '{name}' already "
                       f"exists in the registry with id '{ctx.account}'")
    repo = {"repositoryName": name, "registryId": ctx.account, "createdAt": ctx.now,
            "repositoryArn": ctx.arn("ecr", f"repository/{name}", ctx.region),
            "repositoryUri": f"{ctx.account}.dkr.ecr.{ctx.region}.amazonaws.com/{name}",
            "imageTagMutability": p.get("imageTagMutability", "MUTABLE"),
            "imageScanningConfiguration": {"scanOnPush": p.get("imageScanningConfiguration", {})
                                           .get("scanOnPush", False)},
            "encryptionConfiguration": _encryption(ctx, p.get("encryptionConfiguration")),
            "_tags": checked_tags([], p.get("tags", [])), "_images": [], "_lifecycle": None}
    ctx.state.repositories[name] = repo
    return {"repository": public(repo)}


@SERVICE.op("DescribeRepositories")
def describe_repositories(ctx, p):
    names = p.get("repositoryNames")
    if names:
        if "maxResults" in p or "nextToken" in p:
            raise AwsError("InvalidParameterException", "Invalid parameter: maxResults and nextToken "
                           "cannot be used with repositoryNames")
        missing = [n for n in names if n not in ctx.state.repositories]
        if missing:
            raise not_found(ctx, missing[0])
        return {"repositories": [public(ctx.state.repositories[n]) for n in names]}
    repos = [public(r) for r in ctx.state.repositories.values() if ctx.visible(r["createdAt"])]
    page, token = paging.page(repos, p.get("nextToken"), p.get("maxResults", DEFAULT_PAGE),
                              "InvalidParameterException")
    return {"repositories": page, "nextToken": token}


@SERVICE.op("DeleteRepository")
def delete_repository(ctx, p):
    repo = repository_of(ctx, p["repositoryName"])
    if repo["_images"] and not p.get("force"):
        raise AwsError("RepositoryNotEmptyException", f"The repository with name '{repo['repositoryName']}' "
                       f"in registry with id '{ctx.account}' cannot be deleted because it still "
                       f"contains images")
    del ctx.state.repositories[repo["repositoryName"]]
    return {"repository": public(repo)}


@SERVICE.op("PutImageTagMutability")
def put_image_tag_mutability(ctx, p):
    repo = repository_of(ctx, p["repositoryName"])
    repo["imageTagMutability"] = p["imageTagMutability"]
    return settings_answer(ctx, repo, imageTagMutability=repo["imageTagMutability"])


@SERVICE.op("PutImageScanningConfiguration")
def put_image_scanning_configuration(ctx, p):
    repo = repository_of(ctx, p["repositoryName"])
    scan_on_push = p["imageScanningConfiguration"].get("scanOnPush", False)
    repo["imageScanningConfiguration"] = {"scanOnPush": scan_on_push}
    return settings_answer(ctx, repo, imageScanningConfiguration=repo["imageScanningConfiguration"])
