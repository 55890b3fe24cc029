"""The ECR service, its per-region state and the repository lookup most operations start with."""
from ... import validation
from ...errors import AwsError
from ..registry import Service


class EcrState:
    def __init__(self, region):
        self.repositories = {}  # name -> record: the Repository shape plus "_"-prefixed fields

    def dump(self):
        return {"repositories": [{"name": n, "images": len(r["_images"])}
                                 for n, r in self.repositories.items()]}


SERVICE = Service("ecr", state=EcrState)


def not_found(ctx, name):
    return AwsError("RepositoryNotFoundException", f"The repository with name '{name}' does not exist "
                    f"in the registry with id '{ctx.account}'")


def repository_of(ctx, name):
    repo = ctx.state.repositories.get(name)
    if repo is None:
        raise not_found(ctx, name)
    return repo


def public(repo):
    """The Repository shape: what Create/Describe/DeleteRepository return (tags are not in it)."""
    return {k: v for k, v in repo.items() if not k.startswith("_")}


def check_name(name):
    """The model's pattern, which the generic validation leaves out; ECR words it like this."""
    pattern = validation.pattern_violation("ecr", "CreateRepository", "repositoryName", name)
    if pattern:
        raise AwsError("InvalidParameterException", f"Invalid parameter at 'repositoryName' failed to "
                       f"satisfy constraint: 'must satisfy regular expression '{pattern}''")


def settings_answer(ctx, repo, **members):
    """What the Put…/Get… settings operations answer: the registry, the repository, the setting."""
    return {"registryId": ctx.account, "repositoryName": repo["repositoryName"], **members}
