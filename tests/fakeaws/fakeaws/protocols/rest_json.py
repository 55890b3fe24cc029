"""The rest-json protocol, as Lambda speaks it: JSON bodies, the error code in a header."""
import json

from ..errors import AwsError
from .common import Response
from .json_protocol import JsonProtocol
from .rest import RestProtocol


# JsonProtocol lends its JSON value walkers (_value, _out); routing comes from RestProtocol.
class RestJsonProtocol(RestProtocol, JsonProtocol):
    # Lambda sits behind a front end that answers every authentication failure with 403.
    AUTH_ERRORS = {
        "missing": ("MissingAuthenticationTokenException", 403),
        "malformed": ("IncompleteSignatureException", 403),
        "unknown_key": ("UnrecognizedClientException", 403),
        "token": ("UnrecognizedClientException", 403),
        "expired_token": ("ExpiredTokenException", 403),
        "mismatch": ("InvalidSignatureException", 403),
        "expired": ("InvalidSignatureException", 403),
    }
    FAULT_ERRORS = {
        "throttle": ("TooManyRequestsException", 429, "Rate exceeded"),
        "500": ("ServiceException", 500, "An internal error occurred."),
        "503": ("ServiceUnavailableException", 503, "Service is unavailable."),
    }
    UNKNOWN_OPERATION = ("UnknownOperationException", 404)
    MISSING_CODE = "ValidationException"
    INVALID_CODE = "ValidationException"

    def __init__(self, model):
        super().__init__(model)
        # A body that does not fit the model is the service's own "bad content" error.
        self.TYPE_CODE = ("InvalidRequestContentException"
                          if "InvalidRequestContentException" in model.shape_names
                          else "SerializationException")

    def unknown_operation(self, name):
        code, status = self.UNKNOWN_OPERATION
        return AwsError(code, "Unknown operation", status)

    # --- request side ---------------------------------------------------------

    def parse_body(self, shape, request):
        payload = shape.serialization.get("payload")
        if payload and shape.members[payload].type_name in ("blob", "string"):
            raw = request.body
            return {payload: raw if shape.members[payload].type_name == "blob" else raw.decode(errors="replace")}
        if not request.body:
            return {}
        try:
            data = json.loads(request.body)
        except ValueError:
            raise AwsError(self.TYPE_CODE, "Could not parse request body into json")
        if not isinstance(data, dict):
            raise AwsError(self.TYPE_CODE, "Could not parse request body into json")
        try:
            if payload:
                return {payload: self._value(shape.members[payload], data, payload)}
            body_members = {k for k, m in shape.members.items() if "location" not in m.serialization}
            return self._value(shape, {k: v for k, v in data.items() if k in body_members}, "")
        except ValueError:  # a blob that is not base64, a timestamp that is not one
            raise AwsError(self.TYPE_CODE, "Could not parse request body into json")

    # --- response side --------------------------------------------------------

    def structure_body(self, shape, name, value):
        return json.dumps(self._out(shape, value)).encode()

    def members_body(self, op_model, shape, members):
        return json.dumps(self._out(shape, members)).encode()

    def response_headers(self, request_id):
        return {"Content-Type": "application/json", "x-amzn-RequestId": request_id}

    def serialize_error(self, error, request_id):
        body = {"Type": "User" if error.sender else "Server", "message": error.message}
        headers = self.response_headers(request_id)
        headers["X-Amzn-ErrorType"] = error.code
        return Response(error.status, json.dumps(body).encode(), headers, error.code)
