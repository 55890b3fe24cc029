"""Parameter Store state, name rules and how a parameter is shown.

A SecureString's value is returned only WithDecryption; otherwise AWS returns its ciphertext,
here an opaque token made when the value was stored. /_fake/state shows no values at all.
"""
import base64
import re

from ...errors import AwsError
from ..registry import Service


class SsmState:
    def __init__(self, region):
        self.parameters = {}  # name -> parameter record (its versions under "_versions")

    def dump(self):
        return {"parameters": [{k: v for k, v in p.items() if not k.startswith("_")}
                               for p in self.parameters.values()]}


SERVICE = Service("ssm", state=SsmState)

_NAME = re.compile(r"[a-zA-Z0-9_.\-/]+")


def check_name(name):
    """AWS's naming rules: its characters, no aws/ssm prefix, hierarchies from / and 15 deep."""
    bare = name.lstrip("/")
    if not _NAME.fullmatch(name):
        raise AwsError("ValidationException", "Parameter name: can include only the following symbols and "
                       "letters: a-zA-Z0-9_.-/")
    if bare.lower().startswith(("aws", "ssm")):
        raise AwsError("ValidationException", 'Parameter name: can\'t be prefixed with "aws" or "ssm" '
                       "(case-insensitive).")
    if "/" in name and not name.startswith("/"):
        raise AwsError("ValidationException", "Parameter name must be a fully qualified name.")
    if name.count("/") > 15:
        raise AwsError("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.")


def arn(ctx, name):
    return ctx.arn("ssm", "parameter/" + name.lstrip("/"), ctx.region)


def not_found(name):
    return AwsError("ParameterNotFound", f"Parameter {name} not found.")


def ciphertext(ctx):
    """What a SecureString reads as without decryption: random bytes, never the value."""
    return base64.b64encode(b"\x01\x02\x02\x00" + ctx.world.rng.randbytes(92)).decode()


def shown(parameter, version, decrypt, selector=None):
    """One version of a parameter as GetParameter shows it."""
    secure = version["Type"] == "SecureString"
    value = version["Value"] if decrypt or not secure else version["_ciphertext"]
    result = {"Name": parameter["Name"], "Type": version["Type"], "Value": value,
              "Version": version["Version"], "LastModifiedDate": version["LastModifiedDate"],
              "ARN": parameter["ARN"], "DataType": version["DataType"]}
    if selector:
        result["Selector"] = selector
    return result


def lookup(ctx, reference):
    """(parameter, version, selector) for "name" or "name:version"; ParameterNotFound else."""
    name, _, selector = reference.partition(":")
    parameter = ctx.state.parameters.get(name)
    if parameter is None:
        raise not_found(reference)
    if not selector:
        return parameter, parameter["_versions"][-1], None
    if not selector.isdigit():
        raise AwsError("ParameterVersionNotFound", f"Systems Manager could not find label {selector} for "
                       f"parameter {name}.")  # the fake keeps no labels
    versions = [v for v in parameter["_versions"] if v["Version"] == int(selector)]
    if not versions:
        raise AwsError("ParameterVersionNotFound", f"Systems Manager could not find version {selector} of "
                       f"{name}.")
    return parameter, versions[0], ":" + selector
