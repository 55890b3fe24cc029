"""ECR repositories: the first JSON-protocol service (JSON 1.1)."""
from .. import paging
from ..errors import AwsError
from .registry import Service


class EcrState:
    def __init__(self, region):
        self.repositories = {}

    def dump(self):
        return {"repositories": list(self.repositories)}


SERVICE = Service("ecr", state=EcrState)


@SERVICE.op("CreateRepository")
def create_repository(ctx, p):
    name = p["repositoryName"]
    if name in ctx.state.repositories:
        raise AwsError("RepositoryAlreadyExistsException", f"The repository with name '{name}' already "
                       f"exists in the registry with id '{ctx.account}'")
    repo = {"repositoryName": name, "registryId": ctx.account, "createdAt": ctx.now,
            "repositoryArn": ctx.arn("ecr", f"repository/{name}", ctx.region),
            "repositoryUri": f"{ctx.account}.dkr.ecr.{ctx.region}.amazonaws.com/{name}",
            "imageTagMutability": p.get("imageTagMutability", "MUTABLE"),
            "imageScanningConfiguration": p.get("imageScanningConfiguration", {"scanOnPush": False}),
            "encryptionConfiguration": {"encryptionType": "AES256"}, "_tags": p.get("tags", [])}
    ctx.state.repositories[name] = repo
    return {"repository": repo}


@SERVICE.op("DescribeRepositories")
def describe_repositories(ctx, p):
    names = p.get("repositoryNames")
    for name in names or []:
        if name not in ctx.state.repositories:
            raise AwsError("RepositoryNotFoundException", f"The repository with name '{name}' does not "
                           f"exist in the registry with id '{ctx.account}'")
    repos = [r for r in ctx.state.repositories.values()
             if (names and r["repositoryName"] in names) or (not names and ctx.visible(r["createdAt"]))]
    page, token = paging.page(repos, p.get("nextToken"), p.get("maxResults"), "InvalidParameterException")
    return {"repositories": page, "nextToken": token}


@SERVICE.op("DeleteRepository")
def delete_repository(ctx, p):
    repo = ctx.state.repositories.pop(p["repositoryName"], None)
    if repo is None:
        raise AwsError("RepositoryNotFoundException", f"The repository with name '{p['repositoryName']}' "
                       f"does not exist in the registry with id '{ctx.account}'")
    return {"repository": repo}
