"""PutParameter, GetParameter, GetParameters, GetParametersByPath, DeleteParameter."""
from ... import paging
from ...errors import AwsError
from .common import SERVICE, arn, check_name, ciphertext, lookup, not_found, shown


@SERVICE.op("PutParameter")
def put_parameter(ctx, p):
    name = p["Name"]
    check_name(name)
    existing = ctx.state.parameters.get(name)
    if p.get("Tags") and p.get("Overwrite"):
        raise AwsError("ValidationException", "Invalid request: tags and overwrite can't be used together. To "
                       "create a parameter with tags, please remove overwrite flag. To update tags for an "
                       "existing parameter, please use AddTagsToResource or RemoveTagsFromResource.")
    if existing is not None and not p.get("Overwrite"):
        raise AwsError("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set "
                       "the overwrite option in the request to true.")
    if existing is None and "Type" not in p:
        raise AwsError("ValidationException", "A parameter type is required when you create a parameter.")
    previous = existing["_versions"][-1] if existing else {}
    kind = p.get("Type", previous.get("Type"))
    version = {"Type": kind, "Value": p["Value"], "Version": previous.get("Version", 0) + 1,
               "LastModifiedDate": ctx.now, "DataType": p.get("DataType", previous.get("DataType", "text")),
               "_ciphertext": ciphertext(ctx) if kind == "SecureString" else None}
    if existing is None:
        existing = ctx.state.parameters[name] = {
            "Name": name, "ARN": arn(ctx, name), "Tier": p.get("Tier", "Standard"), "Tags": p.get("Tags", []),
            "_versions": []}
    existing.update({k: p[k] for k in ("Description", "Tier") if k in p})
    if kind == "SecureString":
        existing["KeyId"] = p.get("KeyId", existing.get("KeyId", "alias/aws/ssm"))
    existing["_versions"].append(version)
    return {"Version": version["Version"], "Tier": existing["Tier"]}


@SERVICE.op("GetParameter")
def get_parameter(ctx, p):
    parameter, version, selector = lookup(ctx, p["Name"])
    return {"Parameter": shown(parameter, version, p.get("WithDecryption"), selector)}


@SERVICE.op("GetParameters")
def get_parameters(ctx, p):
    found, invalid = [], []
    for reference in dict.fromkeys(p["Names"]):
        try:
            parameter, version, selector = lookup(ctx, reference)
        except AwsError:
            invalid.append(reference)
            continue
        found.append(shown(parameter, version, p.get("WithDecryption"), selector))
    return {"Parameters": found, "InvalidParameters": invalid}


@SERVICE.op("GetParametersByPath")
def get_parameters_by_path(ctx, p):
    path = p["Path"].rstrip("/") + "/"
    if not path.startswith("/"):
        raise AwsError("ValidationException", "The parameter doesn't meet the parameter name requirements. The "
                       "parameter name must begin with a forward slash \"/\".")
    under = [q for name, q in ctx.state.parameters.items() if name.startswith(path)
             and (p.get("Recursive") or "/" not in name[len(path):])]
    page, token = paging.page(under, p.get("NextToken"), p.get("MaxResults") or 10, "InvalidNextToken")
    return {"Parameters": [shown(q, q["_versions"][-1], p.get("WithDecryption")) for q in page],
            "NextToken": token}


@SERVICE.op("DeleteParameter")
def delete_parameter(ctx, p):
    if ctx.state.parameters.pop(p["Name"], None) is None:
        raise not_found(p["Name"])
    return {}
