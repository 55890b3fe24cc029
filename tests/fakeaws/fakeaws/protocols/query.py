"""The query protocol (IAM, STS, ...) and its EC2 dialect.

Requests are flat form fields ("Tags.member.1.Key=a"); responses are XML. The
two dialects differ only in how members and lists are named on the wire and in
the envelopes, so one walker serves both, parameterised by the dialect.
"""
import base64
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from ..errors import AwsError
from .base import Protocol
from .common import Response, convert_scalar, iso8601


class FlatParams:
    """Form fields plus the set of every dotted prefix, for O(1) 'is X present?'."""

    def __init__(self, pairs):
        self.values = dict(pairs)
        self.prefixes = set()
        for key in self.values:
            parts = key.split(".")
            for i in range(1, len(parts) + 1):
                self.prefixes.add(".".join(parts[:i]))
        self.used = set()

    def has(self, key):
        return key in self.prefixes

    def take(self, key):
        self.used.add(key)
        return self.values[key]

    def unused(self):
        return [k for k in self.values if k not in self.used]


def parse_form(request) -> FlatParams:
    pairs = parse_qsl(request.query, keep_blank_values=True)
    if request.body:
        pairs += parse_qsl(request.body.decode("utf-8"), keep_blank_values=True)
    return FlatParams(pairs)


class QueryProtocol(Protocol):
    AUTH_ERRORS = {
        "missing": ("MissingAuthenticationToken", 403),
        "malformed": ("IncompleteSignature", 400),
        "unknown_key": ("InvalidClientTokenId", 403),
        "token": ("InvalidClientTokenId", 403),
        "expired_token": ("ExpiredToken", 403),
        "mismatch": ("SignatureDoesNotMatch", 403),
        "expired": ("SignatureDoesNotMatch", 403),
    }
    FAULT_ERRORS = {
        "throttle": ("Throttling", 400, "Rate exceeded"),
        "500": ("InternalFailure", 500, "An internal error occurred."),
        "503": ("ServiceUnavailable", 503, "Service is unavailable."),
    }

    def operation_name(self, request, form):
        return form.values.get("Action")

    # --- request side -------------------------------------------------------

    def member_name(self, shape, default):
        return shape.serialization.get("name", default)

    def list_prefix(self, shape, prefix):
        if shape.serialization.get("flattened"):
            name = shape.member.serialization.get("name")
            return prefix if not name else ".".join(prefix.split(".")[:-1] + [name])
        return f"{prefix}.{shape.member.serialization.get('name', 'member')}"

    def parse_input(self, op_model, request, form):
        shape = op_model.input_shape
        if shape is None:
            return {}
        return self._structure(shape, "", form)

    def _value(self, shape, key, form):
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape, key, form)
        if kind == "list":
            return self._list(shape, key, form)
        if kind == "map":
            return self._map(shape, key, form)
        try:
            return convert_scalar(shape, form.take(key))
        except TypeError as e:
            raise AwsError(self.TYPE_CODE, f"Invalid value for parameter {key}: {e}")
        except KeyError:
            raise AwsError(self.TYPE_CODE, f"Parameter {key} must be a value, not a structure")

    def _structure(self, shape, prefix, form):
        out = {}
        for name, member in shape.members.items():
            wire = self.member_name(member, name)
            key = f"{prefix}.{wire}" if prefix else wire
            if form.has(key):
                out[name] = self._value(member, key, form)
        return out

    def _list(self, shape, key, form):
        if form.values.get(key) == "":
            form.take(key)
            return []
        base = self.list_prefix(shape, key)
        items, i = [], 1
        while form.has(f"{base}.{i}"):
            items.append(self._value(shape.member, f"{base}.{i}", form))
            i += 1
        return items

    def _map(self, shape, key, form):
        base = key if shape.serialization.get("flattened") else f"{key}.entry"
        kname = self.member_name(shape.key, "key")
        vname = self.member_name(shape.value, "value")
        out, i = {}, 1
        while form.has(f"{base}.{i}"):
            k = self._value(shape.key, f"{base}.{i}.{kname}", form)
            if form.has(f"{base}.{i}.{vname}"):
                out[k] = self._value(shape.value, f"{base}.{i}.{vname}", form)
            i += 1
        return out

    # --- response side ------------------------------------------------------

    def serialize_output(self, op_model, result, request_id):
        op = op_model.name
        ns = self.model.metadata.get("xmlNamespace", "")
        out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{op}Response xmlns="{ns}">']
        self._envelope(out, op_model, result, request_id)
        out.append(f"</{op}Response>")
        return self._xml_response(200, out)

    def _envelope(self, out, op_model, result, request_id):
        shape = op_model.output_shape
        if shape is not None:
            wrapper = shape.serialization.get("resultWrapper", f"{op_model.name}Result")
            out.append(f"<{wrapper}>")
            write_members(out, shape, result or {})
            out.append(f"</{wrapper}>")
        out.append(f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>")

    def serialize_error(self, error, request_id):
        ns = self.model.metadata.get("xmlNamespace", "")
        kind = "Sender" if error.sender else "Receiver"
        out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="{ns}"><Error>',
               f"<Type>{kind}</Type><Code>{escape(error.code)}</Code>",
               f"<Message>{escape(error.message)}</Message></Error>",
               f"<RequestId>{request_id}</RequestId></ErrorResponse>"]
        response = self._xml_response(error.status, out)
        response.error_code = error.code
        return response

    @staticmethod
    def _xml_response(status, parts):
        return Response(status, "".join(parts).encode("utf-8"), {"Content-Type": "text/xml"})


class Ec2Protocol(QueryProtocol):
    AUTH_ERRORS = {
        "missing": ("MissingAuthenticationToken", 401),
        "malformed": ("AuthFailure", 401),
        "unknown_key": ("AuthFailure", 401),
        "token": ("AuthFailure", 401),
        "expired_token": ("RequestExpired", 400),
        "mismatch": ("AuthFailure", 401),
        "expired": ("RequestExpired", 400),
    }
    FAULT_ERRORS = {
        "throttle": ("RequestLimitExceeded", 503, "Request limit exceeded."),
        "500": ("InternalError", 500, "An internal error has occurred."),
        "503": ("Unavailable", 503, "The server is overloaded and can't handle the request."),
    }
    MISSING_CODE = "MissingParameter"
    INVALID_CODE = "InvalidParameterValue"
    TYPE_CODE = "InvalidParameterValue"

    def member_name(self, shape, default):
        if "queryName" in shape.serialization:
            return shape.serialization["queryName"]
        name = shape.serialization.get("name")
        return name[0].upper() + name[1:] if name else default

    def list_prefix(self, shape, prefix):
        return prefix  # EC2 lists are always flat: Name.1, Name.2

    def parse_input(self, op_model, request, form):
        params = super().parse_input(op_model, request, form)
        ignored = {"Action", "Version"}
        for key in form.unused():
            if key not in ignored and not key.startswith("X-Amz-"):
                raise AwsError("UnknownParameter", f"The parameter {key.split('.')[0]} is not recognized")
        return params

    def serialize_output(self, op_model, result, request_id):
        op = op_model.name
        out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{op}Response '
               f'xmlns="http://ec2.amazonaws.com/doc/{self.model.api_version}/">',
               f"<requestId>{request_id}</requestId>"]
        if op_model.output_shape is not None:
            write_members(out, op_model.output_shape, result or {})
        out.append(f"</{op}Response>")
        return self._xml_response(200, out)

    def serialize_error(self, error, request_id):
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>',
               f"<Code>{escape(error.code)}</Code><Message>{escape(error.message)}</Message>",
               f"</Error></Errors><RequestID>{request_id}</RequestID></Response>"]
        response = self._xml_response(error.status, out)
        response.error_code = error.code
        return response


# --- XML writer shared by both dialects (and later rest-xml) -----------------

def write_members(out, shape, value):
    members = shape.members
    for name, item in value.items():
        member = members.get(name)
        if member is None or item is None:
            continue
        write_value(out, member.serialization.get("name", name), member, item)


def write_value(out, tag, shape, value):
    kind = shape.type_name
    if kind == "structure":
        out.append(f"<{tag}>")
        write_members(out, shape, value)
        out.append(f"</{tag}>")
    elif kind == "list":
        _write_list(out, tag, shape, value)
    elif kind == "map":
        _write_map(out, tag, shape, value)
    else:
        out.append(f"<{tag}>{escape(scalar_text(shape, value))}</{tag}>")


def _write_list(out, tag, shape, value):
    member = shape.member
    if shape.serialization.get("flattened"):
        item_tag = member.serialization.get("name", tag)
        for item in value:
            write_value(out, item_tag, member, item)
        return
    item_tag = member.serialization.get("name", "member")
    out.append(f"<{tag}>")
    for item in value:
        write_value(out, item_tag, member, item)
    out.append(f"</{tag}>")


def _write_map(out, tag, shape, value):
    ktag = shape.key.serialization.get("name", "key")
    vtag = shape.value.serialization.get("name", "value")
    flat = shape.serialization.get("flattened")
    if not flat:
        out.append(f"<{tag}>")
    for k, v in value.items():
        out.append(f"<{tag}>" if flat else "<entry>")
        write_value(out, ktag, shape.key, k)
        write_value(out, vtag, shape.value, v)
        out.append(f"</{tag}>" if flat else "</entry>")
    if not flat:
        out.append(f"</{tag}>")


def scalar_text(shape, value) -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        return iso8601(value)
    if kind == "blob":
        raw = value.encode() if isinstance(value, str) else value
        return base64.b64encode(raw).decode()
    return str(value)
