"""What rest-xml (S3) and rest-json (Lambda) share: the operation is named by the HTTP method
and path, and input members live in the URI, the query string, headers or the body.

Each operation's `requestUri` (`/{Bucket}/{Key+}`, `/{Bucket}?tagging`) becomes a route; a
request goes to the most specific route that matches (fixed query keys and required members
first, then literal path parts), so `GET /b?list-type=2` is ListObjectsV2, not ListObjects.
Subclasses parse and write bodies and errors.
"""
import email.utils
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from ..errors import AwsError
from .base import Protocol
from .common import Response, convert_scalar, epoch, iso8601


@dataclass
class Route:
    operation: str
    method: str
    segments: list  # literal text, "{Label}" or "{Label+}"
    qualifiers: dict  # query keys the URI fixes, e.g. {"tagging": None, "list-type": "2"}
    greedy: bool
    # Operations sharing a URI differ by required members: CopyObject by x-amz-copy-source,
    # UploadPart by ?uploadId. Those must be present for the route to match.
    required_query: tuple = ()
    required_headers: tuple = ()
    deprecated: bool = False

    @classmethod
    def from_model(cls, op_model):
        path, _, query = op_model.http["requestUri"].partition("?")
        qualifiers = {}
        for part in filter(None, query.split("&")):
            key, eq, value = part.partition("=")
            qualifiers[key] = value if eq else None
        greedy = "+}" in path
        required = {"querystring": [], "header": []}
        shape = op_model.input_shape
        for name in shape.required_members if shape is not None else ():
            member = shape.members[name]
            location = member.serialization.get("location")
            if location in required:
                required[location].append(member.serialization.get("name", name))
        return cls(op_model.name, op_model.http["method"], split_path(path, greedy), qualifiers,
                   greedy, tuple(required["querystring"]), tuple(required["header"]),
                   bool(op_model.deprecated))

    def match(self, method, path, query, headers):
        """The URI labels (still percent-encoded) if this route serves the request, else None."""
        if method != self.method:
            return None
        if any(k not in query for k in self.required_query):
            return None
        if any(headers.get(h) is None for h in self.required_headers):
            return None
        for key, value in self.qualifiers.items():
            if key not in query or (value is not None and query[key][0] != value):
                return None
        segments = split_path(path, self.greedy)
        labels = {}
        for i, part in enumerate(self.segments):
            if part.endswith("+}"):  # greedy: the rest of the path, slashes included
                rest = "/".join(segments[i:])
                if not rest:
                    return None
                labels[part[1:-2]] = rest
                return labels
            if i >= len(segments):
                return None
            if part.startswith("{"):
                if not segments[i]:
                    return None
                labels[part[1:-1]] = segments[i]
            elif part != segments[i]:
                return None
        return labels if len(segments) == len(self.segments) else None

    @property
    def specificity(self):
        literal = sum(1 for s in self.segments if not s.startswith("{"))
        required = len(self.required_query) + len(self.required_headers)
        return (len(self.qualifiers) + required, literal, not self.deprecated)


def split_path(path, greedy):
    # A trailing slash is not significant ("/functions/" is "/functions"), except at the
    # end of an S3 key ("dir/"), which a greedy label keeps as sent.
    segments = path.split("/")[1:]
    if not greedy:
        while segments and segments[-1] == "":
            segments.pop()
    return segments


class RestProtocol(Protocol):
    UNKNOWN_OPERATION = ("UnknownOperationException", 404)

    def __init__(self, model):
        super().__init__(model)
        self.routes = [Route.from_model(model.operation_model(name)) for name in model.operation_names]

    # --- routing --------------------------------------------------------------

    def request_path(self, request):
        """The path the routes match against; S3 overrides it for virtual-hosted buckets."""
        return request.path

    def _query(self, request):
        query = {}
        for key, value in parse_qsl(request.query, keep_blank_values=True):
            query.setdefault(key, []).append(value)
        return query

    def _match(self, request):
        path = self.request_path(request)
        query = self._query(request)
        best = None
        for route in self.routes:
            labels = route.match(request.method, path, query, request.headers)
            if labels is not None and (best is None or route.specificity > best[0].specificity):
                best = (route, labels)
        return best, query

    def operation_name(self, request, form):
        best, _ = self._match(request)
        return best[0].operation if best else None

    # --- request side ---------------------------------------------------------

    def parse_input(self, op_model, request, form):
        shape = op_model.input_shape
        if shape is None:
            return {}
        best, query = self._match(request)
        labels = best[1] if best and best[0].operation == op_model.name else {}
        params = self.parse_body(shape, request)
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "uri" and wire in labels:
                params[name] = unquote(labels[wire])
            elif location == "querystring" and wire in query:
                values = query[wire]
                if member.type_name == "list":
                    params[name] = [self._scalar(member.member, v, wire) for v in values]
                else:
                    params[name] = self._scalar(member, values[0], wire)
            elif location == "header" and request.headers.get(wire) is not None:
                params[name] = self._header_value(member, request.headers.get(wire), wire)
            elif location == "headers":
                found = {k[len(wire):]: v for k, v in request.headers.items()
                         if k.lower().startswith(wire.lower())}
                if found:
                    params[name] = found
        return params

    def parse_body(self, shape, request) -> dict:
        """The members the body carries (payload or non-located members)."""
        raise NotImplementedError

    def _scalar(self, shape, text, wire):
        try:
            return convert_scalar(shape, text)
        except TypeError as e:
            raise AwsError(self.TYPE_CODE, f"Invalid value for {wire}: {e}")

    def _header_value(self, shape, text, wire):
        if shape.type_name == "timestamp":
            try:
                return email.utils.parsedate_to_datetime(text).timestamp()
            except (TypeError, ValueError):
                return self._scalar(shape, text, wire)
        if shape.type_name == "blob":
            return text.encode()
        return self._scalar(shape, text, wire)

    # --- response side --------------------------------------------------------

    def serialize_output(self, op_model, result, request_id):
        status = op_model.http.get("responseCode", 200)
        headers = self.response_headers(request_id)
        shape = op_model.output_shape
        result = result or {}
        if shape is None:
            return Response(status, b"", headers)
        body_members = {}
        for name, value in result.items():
            member = shape.members.get(name)
            if member is None or value is None:
                continue
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "header":
                headers[wire] = header_text(member, value)
            elif location == "headers":
                headers.update({wire + k: str(v) for k, v in value.items()})
            elif location == "statusCode":
                status = int(value)
            else:
                body_members[name] = value
        payload = shape.serialization.get("payload")
        if not payload and all("location" in m.serialization for m in shape.members.values()):
            body = b""  # everything went into headers (CreateBucket, PutObject)
        elif payload:
            body = self.payload_body(shape.members[payload], payload, body_members.get(payload))
        else:
            body = self.members_body(op_model, shape, body_members)
        return Response(status, body, headers)

    def payload_body(self, member, name, value) -> bytes:
        if value is None:
            return b""
        if member.type_name in ("blob", "string"):
            return value.encode() if isinstance(value, str) else bytes(value)
        return self.structure_body(member, name, value)

    def structure_body(self, shape, name, value) -> bytes:
        raise NotImplementedError

    def members_body(self, op_model, shape, members) -> bytes:
        raise NotImplementedError

    def response_headers(self, request_id) -> dict:
        raise NotImplementedError


def header_text(shape, value) -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "rfc822")
        if fmt == "iso8601":
            return iso8601(value)
        if fmt == "unixTimestamp":
            return str(int(epoch(value)))
        return email.utils.formatdate(epoch(value), usegmt=True)
    return str(value)

