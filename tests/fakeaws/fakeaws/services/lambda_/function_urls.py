"""Function URLs: one per function and qualifier, https://URL-ID.lambda-url.REGION.on.aws/."""
import datetime

from ... import paging
from ...errors import AwsError
from .common import SERVICE, check_pattern, function_of

URL_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
DEFAULT_PAGE = 50


def _timestamp(now):
    moment = datetime.datetime.fromtimestamp(now, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _function(ctx, operation, p):
    if "Qualifier" in p:
        check_pattern(operation, "Qualifier", p["Qualifier"])
    return function_of(ctx, p["FunctionName"], p.get("Qualifier"))  # only $LATEST exists here


def _config(ctx, operation, p):
    function = _function(ctx, operation, p)
    found = function.setdefault("_urls", {}).get(p.get("Qualifier"))
    if found is None:
        raise AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404)
    return function, found


@SERVICE.op("CreateFunctionUrlConfig")
def create_function_url_config(ctx, p):
    function = _function(ctx, "CreateFunctionUrlConfig", p)
    urls = function.setdefault("_urls", {})
    qualifier = p.get("Qualifier")
    function_arn = function["FunctionArn"] + (f":{qualifier}" if qualifier else "")
    if qualifier in urls:
        raise AwsError("ResourceConflictException", f"Failed to create function url config for "
                       f"[functionArn = {function_arn}]. Error message:  FunctionUrlConfig exists for "
                       "this Lambda function", 409)
    url_id = "".join(ctx.world.rng.choice(URL_ID_ALPHABET) for _ in range(32))
    config = {"FunctionUrl": f"https://{url_id}.lambda-url.{ctx.region}.on.aws/", "FunctionArn": function_arn,
              "AuthType": p["AuthType"], "Cors": p.get("Cors"), "CreationTime": _timestamp(ctx.now),
              "LastModifiedTime": _timestamp(ctx.now)}
    urls[qualifier] = config
    return {k: v for k, v in config.items() if k != "LastModifiedTime"}


@SERVICE.op("GetFunctionUrlConfig")
def get_function_url_config(ctx, p):
    return _config(ctx, "GetFunctionUrlConfig", p)[1]


@SERVICE.op("UpdateFunctionUrlConfig")
def update_function_url_config(ctx, p):
    _, config = _config(ctx, "UpdateFunctionUrlConfig", p)
    config.update({k: p[k] for k in ("AuthType", "Cors") if k in p})
    config["LastModifiedTime"] = _timestamp(ctx.now)
    return config


@SERVICE.op("DeleteFunctionUrlConfig")
def delete_function_url_config(ctx, p):
    function, _ = _config(ctx, "DeleteFunctionUrlConfig", p)
    del function["_urls"][p.get("Qualifier")]
    return {}


@SERVICE.op("ListFunctionUrlConfigs")
def list_function_url_configs(ctx, p):
    function = _function(ctx, "ListFunctionUrlConfigs", p)
    configs = list(function.get("_urls", {}).values())
    shown, marker = paging.page(configs, p.get("Marker"), p.get("MaxItems", DEFAULT_PAGE),
                                "InvalidParameterValueException")
    return {"FunctionUrlConfigs": shown, "NextMarker": marker}
