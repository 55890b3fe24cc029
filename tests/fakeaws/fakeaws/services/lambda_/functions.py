"""Functions: create, read, list, update configuration and code, delete."""
import base64
import hashlib
import io
import zipfile

from ... import paging
from ...errors import AwsError
from ..role_propagation import assumable
from . import snapshots
from .common import (LATEST, SERVICE, check_changeable, check_pattern, check_revision,
                     configuration, function_arn, function_of, settle, touch)

DEFAULT_PAGE = 50
# Members UpdateFunctionConfiguration may change, copied as given.
CONFIG_MEMBERS = ("Role", "Handler", "Description", "Timeout", "MemorySize", "Runtime",
                  "DeadLetterConfig", "KMSKeyArn", "TracingConfig", "EphemeralStorage")


def _invalid(message):
    return AwsError("InvalidParameterValueException", message)


def _check_role(ctx, operation, role):
    check_pattern(operation, "Role", role)
    if not assumable(ctx, role):  # missing, or too new for IAM to have propagated it
        raise _invalid("The role defined for the function cannot be assumed by Lambda.")


def _code_bytes(ctx, code):
    """The deployment package: inline zip, or an object in the fake S3."""
    if code.get("ZipFile") is not None:
        data = code["ZipFile"]
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise _invalid("Could not unzip uploaded file. Please check your file, then try to "
                           "upload again.")
        return data
    if code.get("S3Bucket") and code.get("S3Key"):
        bucket = ctx.other("s3").buckets.get(code["S3Bucket"])
        found = bucket and bucket["objects"].get(code["S3Key"])
        if not found:
            which = ("NoSuchKey", "The specified key does not exist.") if bucket else \
                ("NoSuchBucket", "The specified bucket does not exist")
            raise _invalid(f"Error occurred while GetObject. S3 Error Code: {which[0]}. "
                           f"S3 Error Message: {which[1]}")
        return found["Body"]
    raise _invalid("Please provide a source for function code.")


def _set_code(ctx, function, code):
    if code.get("ImageUri"):
        function["_image"] = code["ImageUri"]
        data = code["ImageUri"].encode()
    else:
        data = _code_bytes(ctx, code)
        snapshots.new_snapshot(ctx, function, data)
    function["CodeSize"] = len(data)
    function["CodeSha256"] = base64.b64encode(hashlib.sha256(data).digest()).decode()


def _vpc(given):
    if not given:
        return None
    return {"SubnetIds": given.get("SubnetIds", []), "SecurityGroupIds": given.get("SecurityGroupIds", []),
            "VpcId": ""}


@SERVICE.op("CreateFunction")
def create_function(ctx, p):
    name = p["FunctionName"]
    check_pattern("CreateFunction", "FunctionName", name)
    name = name.split(":")[-1] if ":" in name else name
    _check_role(ctx, "CreateFunction", p["Role"])
    package = p.get("PackageType", "Zip")
    if package == "Zip" and not (p.get("Runtime") and p.get("Handler")):
        raise _invalid("Runtime and Handler are mandatory parameters for functions created with "
                       "deployment packages.")
    if name in ctx.state.functions:
        raise AwsError("ResourceConflictException", f"Function already exist: {name}", 409)
    function = {
        "FunctionName": name, "FunctionArn": function_arn(ctx, name), "Role": p["Role"],
        "Runtime": p.get("Runtime"), "Handler": p.get("Handler"),
        "Description": p.get("Description", ""), "Timeout": p.get("Timeout", 3),
        "MemorySize": p.get("MemorySize", 128), "Version": LATEST,
        "Environment": p.get("Environment"), "VpcConfig": _vpc(p.get("VpcConfig")),
        "TracingConfig": p.get("TracingConfig", {"Mode": "PassThrough"}),
        "PackageType": package, "Architectures": p.get("Architectures", ["x86_64"]),
        "EphemeralStorage": p.get("EphemeralStorage", {"Size": 512}),
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "DeadLetterConfig": p.get("DeadLetterConfig"), "KMSKeyArn": p.get("KMSKeyArn"),
        "Layers": [{"Arn": arn, "CodeSize": 0} for arn in p.get("Layers", [])] or None,
        "State": "Pending", "StateReason": "The function is being created.",
        "StateReasonCode": "Creating",
        "_created": ctx.now, "_since": ctx.now, "_tags": dict(p.get("Tags", {})), "_policy": [],
    }
    _set_code(ctx, function, p["Code"])
    touch(ctx, function)
    ctx.state.functions[name] = function
    return configuration(function)


@SERVICE.op("GetFunctionConfiguration")
def get_function_configuration(ctx, p):
    return configuration(function_of(ctx, p["FunctionName"], p.get("Qualifier")))


@SERVICE.op("GetFunction")
def get_function(ctx, p):
    function = function_of(ctx, p["FunctionName"], p.get("Qualifier"))
    if function["PackageType"] == "Image":
        code = {"RepositoryType": "ECR", "ImageUri": function["_image"],
                "ResolvedImageUri": function["_image"]}
    else:
        code = {"RepositoryType": "S3", "Location": snapshots.location(ctx, function)}
    return {"Configuration": configuration(function), "Code": code, "Tags": function["_tags"] or None}


# ListFunctions answers "a subset of the FunctionConfiguration fields": not the lifecycle ones,
# which only GetFunction and GetFunctionConfiguration show (the ListFunctions API reference).
LIFECYCLE_MEMBERS = ("State", "StateReason", "StateReasonCode", "LastUpdateStatus",
                     "LastUpdateStatusReason", "LastUpdateStatusReasonCode")


@SERVICE.op("ListFunctions")
def list_functions(ctx, p):
    functions = [{k: v for k, v in configuration(settle(ctx, f)).items() if k not in LIFECYCLE_MEMBERS}
                 for _, f in sorted(ctx.state.functions.items()) if ctx.visible(f["_created"])]
    page, marker = paging.page(functions, p.get("Marker"), p.get("MaxItems", DEFAULT_PAGE),
                               "InvalidParameterValueException")
    return {"Functions": page, "NextMarker": marker}


def _start_update(ctx, function):
    function["LastUpdateStatus"] = "InProgress"
    function["LastUpdateStatusReason"] = "The function is being updated."
    function["_since"] = ctx.now
    touch(ctx, function)


@SERVICE.op("UpdateFunctionConfiguration")
def update_function_configuration(ctx, p):
    function = function_of(ctx, p["FunctionName"])
    check_revision(function, p.get("RevisionId"))
    check_changeable(function)
    if "Role" in p:
        _check_role(ctx, "UpdateFunctionConfiguration", p["Role"])
    function.update({k: p[k] for k in CONFIG_MEMBERS if k in p})
    if "Environment" in p:
        function["Environment"] = p["Environment"] if p["Environment"].get("Variables") else None
    if "VpcConfig" in p:
        function["VpcConfig"] = _vpc(p["VpcConfig"])
    if "Layers" in p:
        function["Layers"] = [{"Arn": arn, "CodeSize": 0} for arn in p["Layers"]] or None
    _start_update(ctx, function)
    return configuration(function)


@SERVICE.op("UpdateFunctionCode")
def update_function_code(ctx, p):
    function = function_of(ctx, p["FunctionName"])
    check_revision(function, p.get("RevisionId"))
    check_changeable(function)
    code = {k: p[k] for k in ("ZipFile", "S3Bucket", "S3Key", "ImageUri") if k in p}
    if p.get("DryRun"):
        if "ImageUri" not in code:
            _code_bytes(ctx, code)  # checks the package without applying it
        return configuration(function)
    _set_code(ctx, function, code)
    if "Architectures" in p:
        function["Architectures"] = p["Architectures"]
    _start_update(ctx, function)
    return configuration(function)


@SERVICE.op("DeleteFunction")
def delete_function(ctx, p):
    function = function_of(ctx, p["FunctionName"], p.get("Qualifier"))
    if p.get("Qualifier") == LATEST:
        raise _invalid("$LATEST version cannot be deleted without deleting the function.")
    del ctx.state.functions[function["FunctionName"]]
    return {}

