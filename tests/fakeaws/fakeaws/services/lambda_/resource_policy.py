"""What hangs off a function's ARN: tags, and the resource policy AddPermission builds."""
import json
import re

from ...errors import AwsError
from .common import SERVICE, check_pattern, function_of, touch


def _by_arn(ctx, operation, arn):
    check_pattern(operation, "Resource", arn)
    return function_of(ctx, arn)


@SERVICE.op("TagResource")
def tag_resource(ctx, p):
    function = _by_arn(ctx, "TagResource", p["Resource"])
    if any(k.lower().startswith("aws:") for k in p["Tags"]):
        raise AwsError("InvalidParameterValueException", "Tag keys starting with 'aws:' are reserved.")
    function["_tags"].update(p["Tags"])
    return {}


@SERVICE.op("UntagResource")
def untag_resource(ctx, p):
    function = _by_arn(ctx, "UntagResource", p["Resource"])
    for key in p["TagKeys"]:
        function["_tags"].pop(key, None)
    return {}


@SERVICE.op("ListTags")
def list_tags(ctx, p):
    return {"Tags": _by_arn(ctx, "ListTags", p["Resource"])["_tags"]}


def _principal(principal):
    if principal == "*":
        return "*"
    if principal.endswith(".amazonaws.com"):
        return {"Service": principal}
    if re.fullmatch(r"\d{12}", principal):
        return {"AWS": f"arn:aws:iam::{principal}:root"}
    return {"AWS": principal}


def _statement(function, p):
    statement = {"Sid": p["StatementId"], "Effect": "Allow", "Principal": _principal(p["Principal"]),
                 "Action": p["Action"], "Resource": function["FunctionArn"]}
    condition = {}
    if p.get("SourceArn"):
        condition["ArnLike"] = {"AWS:SourceArn": p["SourceArn"]}
    if p.get("SourceAccount"):
        condition["StringEquals"] = {"AWS:SourceAccount": p["SourceAccount"]}
    if condition:
        statement["Condition"] = condition
    return statement


@SERVICE.op("AddPermission")
def add_permission(ctx, p):
    function = function_of(ctx, p["FunctionName"], p.get("Qualifier"))
    if p.get("RevisionId") not in (None, function["RevisionId"]):
        raise AwsError("PreconditionFailedException", "The Revision Id provided does not match the "
                       "latest Revision Id.", 412)
    if any(s["Sid"] == p["StatementId"] for s in function["_policy"]):
        raise AwsError("ResourceConflictException", f"The statement id ({p['StatementId']}) provided "
                       "already exists. Please provide a new statement id, or remove the existing "
                       "statement.", 409)
    statement = _statement(function, p)
    function["_policy"].append(statement)
    touch(ctx, function)
    return {"Statement": json.dumps(statement)}


@SERVICE.op("GetPolicy")
def get_policy(ctx, p):
    function = function_of(ctx, p["FunctionName"], p.get("Qualifier"))
    if not function["_policy"]:
        raise AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404)
    policy = {"Version": "2012-10-17", "Id": "default", "Statement": function["_policy"]}
    return {"Policy": json.dumps(policy), "RevisionId": function["RevisionId"]}


@SERVICE.op("RemovePermission")
def remove_permission(ctx, p):
    function = function_of(ctx, p["FunctionName"], p.get("Qualifier"))
    kept = [s for s in function["_policy"] if s["Sid"] != p["StatementId"]]
    if len(kept) == len(function["_policy"]):
        raise AwsError("ResourceNotFoundException",
                       f"Statement {p['StatementId']} is not found in resource policy.", 404)
    function["_policy"] = kept
    touch(ctx, function)
    return {}
