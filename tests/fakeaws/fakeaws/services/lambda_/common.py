"""The Lambda service, its state, name resolution and the lazily evaluated lifecycle.

A function is Pending for `lambda_pending_seconds` after CreateFunction, then Active; an
update leaves LastUpdateStatus InProgress for `lambda_updating_seconds`. Like AWS, a function
refuses further changes until then (ResourceConflictException), which reconcilers must handle.
"""
import re
import time
import uuid

from ... import models
from ...errors import AwsError
from ..registry import Service

LATEST = "$LATEST"


class LambdaState:
    def __init__(self, region):
        self.functions = {}  # name -> record: the configuration plus "_"-prefixed private fields

    def dump(self):
        return {"functions": [{"name": n, "state": f["State"]} for n, f in self.functions.items()]}


SERVICE = Service("lambda", state=LambdaState)


def function_arn(ctx, name):
    return ctx.arn("lambda", f"function:{name}", ctx.region)


def not_found(ctx, name, qualifier=None):
    arn = function_arn(ctx, name) + (f":{qualifier}" if qualifier else "")
    return AwsError("ResourceNotFoundException", f"Function not found: {arn}", 404)


def check_pattern(operation, member, value):
    """The model's regular expression for a member, which the generic validation leaves out."""
    shape = models.operation_model("lambda", operation).input_shape.members[member]
    pattern = shape.metadata.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        path = member[:1].lower() + member[1:]
        raise AwsError("ValidationException", f"1 validation error detected: Value '{value}' at "
                       f"'{path}' failed to satisfy constraint: Member must satisfy regular "
                       f"expression pattern: {pattern}")


def function_of(ctx, name_or_arn, qualifier=None):
    """A function by name, ARN or partial ARN, optionally qualified; only $LATEST exists."""
    check_pattern("GetFunction", "FunctionName", name_or_arn)
    parts = name_or_arn.split(":")
    if parts[0] == "arn":
        parts = parts[5:]  # arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    elif len(parts) >= 3 and parts[1] == "function":
        parts = parts[1:]  # ACCOUNT:function:NAME[:QUALIFIER]
    if parts[0] == "function":
        parts = parts[1:]
    name = parts[0]
    qualifier = qualifier or (parts[1] if len(parts) > 1 else None)
    function = ctx.state.functions.get(name)
    if function is None or qualifier not in (None, LATEST):
        raise not_found(ctx, name, qualifier)
    return settle(ctx, function)


def settle(ctx, function):
    timings = ctx.world.timings
    if function["State"] == "Pending" and ctx.now >= function["_since"] + timings["lambda_pending_seconds"]:
        function["State"] = "Active"
        function["LastUpdateStatus"] = "Successful"
        function.pop("StateReason", None)
        function.pop("StateReasonCode", None)
    if (function.get("LastUpdateStatus") == "InProgress"
            and ctx.now >= function["_since"] + timings["lambda_updating_seconds"]):
        function["LastUpdateStatus"] = "Successful"
        function.pop("LastUpdateStatusReason", None)
    return function


def check_changeable(function):
    if function["State"] == "Pending":
        raise AwsError("ResourceConflictException", "The operation cannot be performed at this time. "
                       "The function is currently in the following state: Pending", 409)
    if function.get("LastUpdateStatus") == "InProgress":
        raise AwsError("ResourceConflictException", "The operation cannot be performed at this time. "
                       f"An update is in progress for resource: {function['FunctionArn']}", 409)


def check_revision(function, revision_id):
    if revision_id is not None and revision_id != function["RevisionId"]:
        raise AwsError("PreconditionFailedException", "The Revision Id provided does not match the "
                       "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest "
                       "Revision Id", 412)


def touch(ctx, function):
    """A change: new revision, new LastModified."""
    function["RevisionId"] = str(uuid.UUID(int=ctx.world.rng.getrandbits(128), version=4))
    function["LastModified"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ctx.now)) + \
        f".{int(ctx.now * 1000) % 1000:03d}+0000"


def configuration(function):
    return {k: v for k, v in function.items() if not k.startswith("_")}
