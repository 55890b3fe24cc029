"""Check parsed parameters against the model: required, enum, length and range.

Type errors are caught earlier, while parsing, because only the parser sees the
raw text. The first violation found is reported, in the protocol's own words.
"""
import re

from . import models
from .errors import AwsError


# Values AWS accepts (its current documentation) that this machine's botocore models, older,
# do not list yet, by shape name.
NEWER_ENUM_VALUES = {
    "Runtime": {"python3.10", "python3.11", "python3.12", "python3.13", "nodejs20.x",
                "nodejs22.x", "java17", "java21", "dotnet8", "ruby3.2", "ruby3.3",
                "provided.al2023"},
}


class Violation(Exception):
    def __init__(self, kind, path, value, constraint):
        super().__init__(constraint)
        self.kind = kind  # "missing" or "invalid"
        self.path = path
        self.value = value
        self.constraint = constraint


def validate(shape, params, protocol):
    if shape is None:
        return
    try:
        _check(shape, params, "")
    except Violation as v:
        raise _as_error(v, protocol)


def _as_error(v, protocol) -> AwsError:
    if protocol.MISSING_CODE == "MissingParameter":  # EC2 words it differently
        if v.kind == "missing":
            return AwsError("MissingParameter", f"The request must contain the parameter {v.path}")
        return AwsError(protocol.INVALID_CODE, f"Value ({v.value}) for parameter {v.path} is "
                        f"invalid. {v.constraint}")
    path = ".".join(p[:1].lower() + p[1:] for p in v.path.split("."))
    shown = "null" if v.kind == "missing" else f"'{v.value}'"
    code = protocol.MISSING_CODE if v.kind == "missing" else protocol.INVALID_CODE
    return AwsError(code, f"1 validation error detected: Value {shown} at '{path}' failed to "
                    f"satisfy constraint: {v.constraint}")


def _join(prefix, name):
    return f"{prefix}.{name}" if prefix else name


def _check(shape, value, path):
    kind = shape.type_name
    if kind == "structure":
        for name in shape.required_members:
            if value.get(name) is None:
                raise Violation("missing", _join(path, name), None, "Member must not be null")
        for name, item in value.items():
            _check(shape.members[name], item, _join(path, name))
    elif kind == "list":
        _check_length(shape, value, path)
        for item in value:
            _check(shape.member, item, path)
    elif kind == "map":
        for key, item in value.items():
            _check(shape.value, item, path)
    elif kind == "string":
        enum = shape.enum
        if enum and value not in enum and value not in NEWER_ENUM_VALUES.get(shape.name, ()):
            raise Violation("invalid", path, value,
                            f"Member must satisfy enum value set: [{', '.join(enum)}]")
        _check_length(shape, value, path)
    elif kind in ("integer", "long"):
        _check_range(shape, value, path)


def _check_length(shape, value, path):
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and len(value) < low:
        raise Violation("invalid", path, value, f"Member must have length greater than or equal to {low}")
    if high is not None and len(value) > high:
        raise Violation("invalid", path, value, f"Member must have length less than or equal to {high}")


def _check_range(shape, value, path):
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        raise Violation("invalid", path, value, f"Member must have value greater than or equal to {low}")
    if high is not None and value > high:
        raise Violation("invalid", path, value, f"Member must have value less than or equal to {high}")


def pattern_violation(service, operation, member, value):
    """The model's regular expression for an input member when value does not match it, else
    None. The generic checks leave patterns out (some are Java expressions Python reads
    differently), so a service checks the ones it relies on and words the error its own way."""
    shape = models.operation_model(service, operation).input_shape.members[member]
    pattern = shape.metadata.get("pattern")
    return pattern if pattern and not re.fullmatch(pattern, value) else None
