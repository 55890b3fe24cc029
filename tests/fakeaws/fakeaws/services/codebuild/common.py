"""CodeBuild state, project ARNs and lookups by name or ARN."""
from ...errors import AwsError
from ..registry import Service


class CodeBuildState:
    def __init__(self, region):
        self.projects = {}  # name -> record

    def dump(self):
        return {"projects": list(self.projects)}


SERVICE = Service("codebuild", state=CodeBuildState)


def invalid_input(message):
    return AwsError("InvalidInputException", message)


def project_arn(ctx, name):
    return ctx.arn("codebuild", f"project/{name}", ctx.region)


def name_of(name_or_arn):
    """A project's name from its name or its ARN (arn:aws:codebuild:REGION:ACCOUNT:project/NAME)."""
    if name_or_arn.startswith("arn:"):
        return name_or_arn.split(":", 5)[-1].partition("project/")[2]
    return name_or_arn


def public(project):
    return {k: v for k, v in project.items() if not k.startswith("_")}
