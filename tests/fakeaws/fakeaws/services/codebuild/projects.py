"""Build projects: create (with AWS's defaults and the service role check), list, batch get,
update, delete. CodeBuild must be able to assume the service role: a missing role, or one
younger than `iam_role_propagation_seconds`, is refused as AWS refuses it."""
import re

from ... import paging
from ...errors import AwsError
from ..role_propagation import assumable, role_named
from .common import SERVICE, invalid_input, name_of, project_arn, public

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_]{1,254}")
PAGE = 100
NEEDS_LOCATION = ("CODECOMMIT", "GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET", "S3")
# Members UpdateProject replaces when given; the rest of a project stays as it was.
SETTINGS = ("description", "source", "secondarySources", "sourceVersion", "secondarySourceVersions",
            "artifacts", "secondaryArtifacts", "cache", "environment", "serviceRole", "timeoutInMinutes",
            "queuedTimeoutInMinutes", "encryptionKey", "tags", "vpcConfig", "logsConfig",
            "fileSystemLocations", "buildBatchConfig", "concurrentBuildLimit")


def _service_role(ctx, role):
    """The role's ARN; a role CodeBuild cannot assume (yet) is refused in CodeBuild's words."""
    found = role_named(ctx, role)
    shown = found["Arn"] if found else (role if role.startswith("arn:") else
                                        f"arn:aws:iam::{ctx.account}:role/{role}")
    if not assumable(ctx, role):
        raise invalid_input(f"CodeBuild is not authorized to perform: sts:AssumeRole on {shown}")
    return shown


def _source(source):
    kind = source["type"]
    if kind in NEEDS_LOCATION and not source.get("location"):
        raise invalid_input(f"Source location is required for source type {kind}")
    if kind == "NO_SOURCE" and not source.get("buildspec"):
        raise invalid_input("Buildspec is required for source type NO_SOURCE")
    return {"insecureSsl": False, **source}


def _artifacts(artifacts, source):
    kind = artifacts["type"]
    if kind == "S3" and not artifacts.get("location"):
        raise invalid_input("Artifacts location is required for artifacts type S3")
    if (kind == "CODEPIPELINE") != (source["type"] == "CODEPIPELINE"):
        raise invalid_input("Artifacts type CODEPIPELINE and source type CODEPIPELINE must be used together")
    return artifacts


def _environment(environment):
    variables = [{"type": "PLAINTEXT", **v} for v in environment.get("environmentVariables", [])]
    return {"privilegedMode": False, "imagePullCredentialsType": "CODEBUILD", **environment,
            "environmentVariables": variables}


def _logs(logs):
    return {"cloudWatchLogs": {"status": "ENABLED", **(logs or {}).get("cloudWatchLogs", {})},
            "s3Logs": {"status": "DISABLED", "encryptionDisabled": False, **(logs or {}).get("s3Logs", {})}}


def _apply(ctx, project, p):
    """Checks and stores the settings in p (all of them on create, the given ones on update)."""
    changes = {k: p[k] for k in SETTINGS if k in p}
    if "serviceRole" in changes:
        changes["serviceRole"] = _service_role(ctx, changes["serviceRole"])
    if "source" in changes:
        changes["source"] = _source(changes["source"])
    source = changes.get("source", project.get("source"))
    if "artifacts" in changes or "source" in changes:
        changes["artifacts"] = _artifacts(changes.get("artifacts", project.get("artifacts")), source)
    if "environment" in changes:
        changes["environment"] = _environment(changes["environment"])
    if "logsConfig" in changes:
        changes["logsConfig"] = _logs(changes["logsConfig"])
    if "badgeEnabled" in p:
        changes["badge"] = {"badgeEnabled": p["badgeEnabled"]}
    project.update(changes)
    project["lastModified"] = ctx.now


@SERVICE.op("CreateProject")
def create_project(ctx, p):
    name = p["name"]
    if not NAME.fullmatch(name):
        raise invalid_input(f"1 validation error detected: Value '{name}' at 'name' failed to satisfy "
                            f"constraint: Member must satisfy regular expression pattern: {NAME.pattern}")
    arn = project_arn(ctx, name)
    if name in ctx.state.projects:
        raise AwsError("ResourceAlreadyExistsException", f"Project already exists: {arn}")
    project = {"name": name, "arn": arn, "secondarySources": [], "secondarySourceVersions": [],
               "secondaryArtifacts": [], "cache": {"type": "NO_CACHE"}, "timeoutInMinutes": 60,
               "queuedTimeoutInMinutes": 480, "tags": [], "created": ctx.now, "badge": {"badgeEnabled": False},
               "encryptionKey": f"arn:aws:kms:{ctx.region}:{ctx.account}:alias/aws/s3",
               "logsConfig": _logs(None), "projectVisibility": "PRIVATE", "_created": ctx.now}
    _apply(ctx, project, p)
    ctx.state.projects[name] = project
    return {"project": public(project)}


SORT_KEYS = {"NAME": lambda p: p["name"], "CREATED_TIME": lambda p: p["created"],
             "LAST_MODIFIED_TIME": lambda p: p["lastModified"]}


@SERVICE.op("ListProjects")
def list_projects(ctx, p):
    visible = [pr for pr in ctx.state.projects.values() if ctx.visible(pr["_created"])]
    ordered = sorted(visible, key=SORT_KEYS[p.get("sortBy", "NAME")],
                     reverse=p.get("sortOrder") == "DESCENDING")
    try:
        names, token = paging.page([pr["name"] for pr in ordered], p.get("nextToken"), PAGE,
                                   "InvalidInputException")
    except AwsError:
        raise invalid_input("Invalid next token")
    return {"projects": names, "nextToken": token}


@SERVICE.op("BatchGetProjects")
def batch_get_projects(ctx, p):
    found, missing = [], []
    for given in p["names"]:
        project = ctx.state.projects.get(name_of(given))
        if project is None or not ctx.visible(project["_created"]):
            missing.append(given)
        else:
            found.append(public(project))
    return {"projects": found, "projectsNotFound": missing}


@SERVICE.op("UpdateProject")
def update_project(ctx, p):
    project = ctx.state.projects.get(name_of(p["name"]))
    if project is None:
        raise AwsError("ResourceNotFoundException", f"Project cannot be found: {project_arn(ctx, name_of(p['name']))}")
    staged = dict(project)
    _apply(ctx, staged, p)  # a refused update changes nothing
    project.update(staged)
    return {"project": public(project)}


@SERVICE.op("DeleteProject")
def delete_project(ctx, p):
    ctx.state.projects.pop(name_of(p["name"]), None)  # a missing project is no error: AWS lists none
    return {}
