"""The rest-xml protocol, as S3 speaks it: XML bodies, S3's <Error> shape and status codes."""
import base64
import hashlib
import re
import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape

from ..errors import AwsError
from .common import Response, convert_scalar
from .query import write_members, write_value
from .rest import RestProtocol

# The root element S3 writes where the model names none (output shapes without a payload).
ROOT_ELEMENTS = {
    "ListBuckets": "ListAllMyBucketsResult",
    "ListObjects": "ListBucketResult",
    "ListObjectsV2": "ListBucketResult",
    "GetBucketTagging": "Tagging",
    "GetBucketVersioning": "VersioningConfiguration",
    "GetBucketLocation": "LocationConstraint",
    "GetBucketLifecycleConfiguration": "LifecycleConfiguration",
}
# GetBucketLocation's answer is the root's text, not a child element.
TEXT_ROOTS = {"GetBucketLocation": "LocationConstraint"}

# Host names of virtual-hosted requests: bucket.s3.amazonaws.com, bucket.s3.eu-west-1...,
# bucket.localhost. Anything else (an IP, localhost, a custom name) is path-style.
_VIRTUAL_HOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9.\-]*?)\.(s3[.\-].*|localhost)$")

MALFORMED_XML = ("The XML you provided was not well-formed or did not validate against our "
                 "published schema")
# A value outside a body enum fails S3's schema check, except where S3 names the problem.
ENUM_ERRORS = {"BucketLocationConstraint": ("InvalidLocationConstraint",
                                            "The specified location-constraint is not valid")}


class RestXmlProtocol(RestProtocol):
    AUTH_ERRORS = {
        "missing": ("AccessDenied", 403),
        "malformed": ("AccessDenied", 403),
        "unknown_key": ("InvalidAccessKeyId", 403),
        "token": ("InvalidToken", 400),
        "expired_token": ("ExpiredToken", 400),
        "mismatch": ("SignatureDoesNotMatch", 403),
        "expired": ("RequestTimeTooSkewed", 403),
        "payload_missing": ("InvalidRequest", 400),
        "payload_invalid": ("InvalidArgument", 400),
        "payload_mismatch": ("XAmzContentSHA256Mismatch", 400),
    }
    FAULT_ERRORS = {
        "throttle": ("SlowDown", 503, "Please reduce your request rate."),
        "500": ("InternalError", 500, "We encountered an internal error. Please try again."),
        "503": ("ServiceUnavailable", 503, "Service is unable to handle request."),
    }
    UNKNOWN_OPERATION = ("MethodNotAllowed", 405)
    MISSING_CODE = "MalformedXML"  # S3 checks bodies against its schema: what is missing is there
    INVALID_CODE = "InvalidArgument"
    TYPE_CODE = "InvalidArgument"

    def unknown_operation(self, name):
        code, status = self.UNKNOWN_OPERATION
        return AwsError(code, "The specified method is not allowed against this resource.", status)

    @property
    def namespace(self):
        meta = self.model.metadata
        return f"http://{meta['endpointPrefix']}.amazonaws.com/doc/{meta['apiVersion']}/"

    def request_path(self, request):
        host = (request.headers.get("Host") or "").split(":")[0].lower()
        m = _VIRTUAL_HOST.match(host)
        return f"/{m['bucket']}{request.path}" if m else request.path

    # --- request side ---------------------------------------------------------

    def parse_input(self, op_model, request, form):
        self._check_checksum_present(op_model, request)
        return super().parse_input(op_model, request, form)

    @staticmethod
    def _check_checksum_present(op_model, request):
        """Operations the model marks checksum-required refuse a body without Content-MD5
        (or one of the newer x-amz-checksum-* headers), as S3 does."""
        checksum = op_model.http_checksum or {}
        if not (op_model.http_checksum_required or checksum.get("requestChecksumRequired")):
            return
        if request.headers.get("Content-MD5") is None and not any(
                name.lower().startswith("x-amz-checksum-") for name in request.headers.keys()):
            raise AwsError("InvalidRequest", "Missing required header for this request: Content-MD5")

    def parse_body(self, shape, request):
        self._check_md5(request)
        payload = shape.serialization.get("payload")
        if payload:
            member = shape.members[payload]
            if member.type_name == "blob":
                return {payload: request.body}
            if not request.body:
                return {}
            if member.type_name == "string":
                return {payload: request.body.decode("utf-8", errors="replace")}
            return {payload: self._element(member, _parse_xml(request.body))}
        body_members = {k: m for k, m in shape.members.items() if "location" not in m.serialization}
        if not request.body or not body_members:
            return {}
        return self._element(shape, _parse_xml(request.body))

    @staticmethod
    def _check_md5(request):
        claimed = request.headers.get("Content-MD5")
        if claimed and claimed != base64.b64encode(hashlib.md5(request.body).digest()).decode():
            raise AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.")

    def _element(self, shape, element):
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape, element)
        if kind == "list":
            return [self._element(shape.member, child) for child in element]
        text = element.text or ""
        enum = getattr(shape, "enum", None)
        if enum and text not in enum:
            raise AwsError(*ENUM_ERRORS.get(shape.name, ("MalformedXML", MALFORMED_XML)))
        try:
            return convert_scalar(shape, text)
        except TypeError:
            raise AwsError("MalformedXML", MALFORMED_XML)

    def _structure(self, shape, element):
        children = {}
        for child in element:
            children.setdefault(_local(child.tag), []).append(child)
        out = {}
        for name, member in shape.members.items():
            found = children.get(member.serialization.get("name", name))
            if not found:
                continue
            if member.type_name == "list" and member.serialization.get("flattened"):
                out[name] = [self._element(member.member, c) for c in found]
            else:
                out[name] = self._element(member, found[0])
        return out

    # --- response side --------------------------------------------------------

    def structure_body(self, shape, name, value):
        out = [_declaration()]
        write_value(out, shape.serialization.get("name", name), shape, value)
        _add_namespace(out, self.namespace)
        return "".join(out).encode()

    def members_body(self, op_model, shape, members):
        root = shape.serialization.get("name") or ROOT_ELEMENTS.get(op_model.name, op_model.name + "Result")
        ns = self.namespace
        if op_model.name in TEXT_ROOTS:
            text = members.get(TEXT_ROOTS[op_model.name])
            inner = escape(text) if text else ""
            return f'{_declaration()}<{root} xmlns="{ns}">{inner}</{root}>'.encode()
        out = [_declaration(), f'<{root} xmlns="{ns}">']
        write_members(out, shape, members)
        out.append(f"</{root}>")
        return "".join(out).encode()

    def response_headers(self, request_id):
        return {"Content-Type": "application/xml", "x-amz-request-id": request_id,
                "x-amz-id-2": base64.b64encode(request_id.encode()).decode()}

    def serialize_error(self, error, request_id):
        fields = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in error.fields.items())
        body = (f"{_declaration()}<Error><Code>{escape(error.code)}</Code>"
                f"<Message>{escape(error.message)}</Message>{fields}<RequestId>{request_id}</RequestId>"
                f"<HostId>{base64.b64encode(request_id.encode()).decode()}</HostId></Error>")
        headers = {**self.response_headers(request_id), **error.headers}
        return Response(error.status, body.encode(), headers, error.code)


def _declaration():
    return '<?xml version="1.0" encoding="UTF-8"?>\n'


def _add_namespace(out, ns):
    # write_value opened the root as "<Name>"; S3 roots carry the namespace.
    first = out[1]
    out[1] = first[:-1] + f' xmlns="{ns}">' if first.endswith(">") else first


def _parse_xml(body):
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise AwsError("MalformedXML", MALFORMED_XML)


def _local(tag):
    return tag.rsplit("}", 1)[-1]
