"""The JSON 1.0/1.1 protocol: X-Amz-Target names the operation, bodies are JSON."""
import base64
import json

from ..errors import AwsError
from .base import Protocol
from .common import Response, epoch, parse_timestamp


class JsonProtocol(Protocol):
    AUTH_ERRORS = {
        "missing": ("MissingAuthenticationTokenException", 400),
        "malformed": ("IncompleteSignatureException", 400),
        "unknown_key": ("UnrecognizedClientException", 400),
        "token": ("UnrecognizedClientException", 400),
        "expired_token": ("ExpiredTokenException", 400),
        "mismatch": ("InvalidSignatureException", 400),
        "expired": ("InvalidSignatureException", 400),
    }
    FAULT_ERRORS = {
        "throttle": ("ThrottlingException", 400, "Rate exceeded"),
        "500": ("InternalFailure", 500, "An internal error occurred."),
        "503": ("ServiceUnavailableException", 503, "Service is unavailable."),
    }
    UNKNOWN_OPERATION = ("UnknownOperationException", 400)
    MISSING_CODE = "ValidationException"
    INVALID_CODE = "ValidationException"
    TYPE_CODE = "SerializationException"

    @property
    def content_type(self):
        return "application/x-amz-json-" + self.model.metadata.get("jsonVersion", "1.0")

    def operation_name(self, request, form):
        target = request.headers.get("X-Amz-Target") or ""
        prefix, _, op = target.rpartition(".")
        return op if prefix == self.model.metadata.get("targetPrefix") else None

    def parse_input(self, op_model, request, form):
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise AwsError("SerializationException", "Start of structure or map found where not expected")
        if op_model.input_shape is None:
            return {}
        return self._value(op_model.input_shape, data, "")

    def _value(self, shape, value, path):
        kind = shape.type_name
        ok = {"structure": dict, "map": dict, "list": list, "string": str, "boolean": bool}
        if kind in ok and not isinstance(value, ok[kind]):
            raise AwsError(self.TYPE_CODE, f"Unexpected value type for {path or 'input'}")
        if kind == "structure":
            return {k: self._value(shape.members[k], v, k) for k, v in value.items()
                    if k in shape.members and v is not None}
        if kind == "list":
            return [self._value(shape.member, v, path) for v in value]
        if kind == "map":
            return {k: self._value(shape.value, v, path) for k, v in value.items()}
        if kind in ("integer", "long") and (not isinstance(value, int) or isinstance(value, bool)):
            raise AwsError(self.TYPE_CODE, f"NUMBER_VALUE can not be converted to an Integer at {path}")
        if kind == "timestamp":
            return parse_timestamp(str(value))
        if kind == "blob":
            return base64.b64decode(value)
        return value

    def serialize_output(self, op_model, result, request_id):
        shape = op_model.output_shape
        body = self._out(shape, result or {}) if shape is not None else {}
        return Response(200, json.dumps(body).encode(), self._headers(request_id))

    def _out(self, shape, value):
        kind = shape.type_name
        if kind == "structure":
            members = shape.members
            return {k: self._out(members[k], v) for k, v in value.items()
                    if k in members and v is not None}
        if kind == "list":
            return [self._out(shape.member, v) for v in value]
        if kind == "map":
            return {k: self._out(shape.value, v) for k, v in value.items()}
        if kind == "timestamp":
            return epoch(value)
        if kind == "blob":
            raw = value.encode() if isinstance(value, str) else value
            return base64.b64encode(raw).decode()
        return value

    def serialize_error(self, error, request_id):
        body = json.dumps({"__type": error.code, "message": error.message}).encode()
        headers = self._headers(request_id)
        headers["x-amzn-ErrorType"] = error.code
        return Response(error.status, body, headers, error.code)

    def _headers(self, request_id):
        return {"Content-Type": self.content_type, "x-amzn-RequestId": request_id}
