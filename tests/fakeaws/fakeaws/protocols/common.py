"""Pieces every protocol shares: the request/response records and value conversion."""
import base64
import datetime
import uuid
from dataclasses import dataclass, field
from typing import Optional

from ..errors import AwsError


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: object  # http.client.HTTPMessage: case-insensitive, get_all()
    body: bytes


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)
    error_code: Optional[str] = None


def new_request_id() -> str:
    return str(uuid.uuid4())


def iso8601(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.timestamp()
    dt = datetime.datetime.fromtimestamp(float(value), datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def epoch(value) -> float:
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return float(value)


def parse_timestamp(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    cleaned = text.replace("Z", "+00:00")
    try:
        dt = datetime.datetime.fromisoformat(cleaned)
    except ValueError:
        raise TypeError(f"invalid timestamp '{text}'")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def convert_scalar(shape, text: str):
    """A query-string value to the Python value of its shape; TypeError if it isn't one."""
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            raise TypeError(f"'{text}' is not a valid integer")
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            raise TypeError(f"'{text}' is not a valid number")
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise TypeError(f"'{text}' is not a valid boolean")
        return text.lower() == "true"
    if kind == "timestamp":
        return parse_timestamp(text)
    if kind == "blob":
        try:
            return base64.b64decode(text, validate=True)
        except ValueError:
            raise TypeError("invalid base64 blob")
    return text


def bad_type(code: str, path: str, why: str) -> AwsError:
    return AwsError(code, f"Invalid value for parameter {path}: {why}")
