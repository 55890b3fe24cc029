"""SigV4 verification: recompute the signature with botocore's own signer.

The request is rebuilt with exactly the headers the client says it signed, so
botocore computes the canonical request the client computed; any difference in
method, path, query, signed headers, body, key, region or service changes it.
"""
import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import parse_qsl

from botocore.auth import UNSIGNED_PAYLOAD, S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

# AWS rejects requests whose timestamp is more than this far from its clock.
MAX_SKEW_SECONDS = 15 * 60

_AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<cred>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<sig>[0-9a-f]+)"
)


@dataclass
class Auth:
    """What the client claims: who signed, for which scope, and the signature."""

    access_key: str
    date: str
    region: str
    service: str
    signed_headers: list
    signature: str
    timestamp: str  # X-Amz-Date, e.g. 20240101T000000Z
    presigned: bool = False


class AuthError(Exception):
    """kind: missing, malformed, unknown_key, mismatch, expired, token, expired_token;
    S3 adds payload_missing, payload_invalid, payload_mismatch (x-amz-content-sha256)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def parse(headers, query: str) -> Optional[Auth]:
    """The Authorization header or presigned query; None when unsigned."""
    header = headers.get("Authorization")
    if header:
        m = _AUTH_RE.match(header.strip())
        if not m:
            raise AuthError("malformed", "Authorization header requires 'Credential', "
                            "'SignedHeaders' and 'Signature' parameters.")
        timestamp = headers.get("X-Amz-Date") or ""
        return _auth(m["cred"], m["signed"], m["sig"], timestamp, False)
    params = dict(parse_qsl(query, keep_blank_values=True))
    if "X-Amz-Signature" in params:
        return _auth(params.get("X-Amz-Credential", ""), params.get("X-Amz-SignedHeaders", ""),
                     params["X-Amz-Signature"], params.get("X-Amz-Date", ""), True)
    return None


def _auth(credential, signed, signature, timestamp, presigned) -> Auth:
    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise AuthError("malformed", f"Credential should be scoped to a valid region, not '{credential}'.")
    key, date, region, service, _ = parts
    return Auth(key, date, region, service, signed.split(";"), signature, timestamp, presigned)


def scope_date_error(auth: Auth) -> Optional[str]:
    if not auth.timestamp.startswith(auth.date):
        return (f"Credential should be scoped to a valid date, not '{auth.date}'.")
    return None


def check_time(auth: Auth, now: float):
    try:
        when = datetime.datetime.strptime(auth.timestamp, "%Y%m%dT%H%M%SZ")
    except ValueError:
        raise AuthError("malformed", "Missing or malformed X-Amz-Date")
    when = when.replace(tzinfo=datetime.timezone.utc).timestamp()
    if abs(now - when) > MAX_SKEW_SECONDS:
        raise AuthError("expired", f"Signature expired: {auth.timestamp} is now earlier than "
                        f"{_stamp(now - MAX_SKEW_SECONDS)} ({_stamp(now)} - 15 min.)")


def _stamp(t: float) -> str:
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def expected_signature(auth: Auth, secret: str, method: str, path: str, query: str,
                       headers, body: bytes) -> str:
    if auth.service == "s3":  # no path normalisation; presigned URLs sign UNSIGNED-PAYLOAD
        signer_class = S3SigV4QueryAuth if auth.presigned else S3SigV4Auth
    else:
        signer_class = SigV4Auth
    signer = signer_class(Credentials(auth.access_key, secret), auth.service, auth.region)
    if auth.presigned:
        # The signature itself is not part of what was signed.
        query = "&".join(p for p in query.split("&") if not p.startswith("X-Amz-Signature="))
    url = "http://" + (headers.get("Host") or "localhost") + path + ("?" + query if query else "")
    signed = {}
    for name in auth.signed_headers:
        values = headers.get_all(name) or []
        if name == "host" and not values:
            values = ["localhost"]
        signed[name] = ",".join(values)
    request = AWSRequest(method=method, url=url, headers=signed, data=body)
    request.context["timestamp"] = auth.timestamp
    canonical = signer.canonical_request(request)
    return signer.signature(signer.string_to_sign(request, canonical), request)


def check_payload_hash(auth: Auth, headers, body: bytes):
    """S3 signs the body's hash as the client declares it in x-amz-content-sha256, so that
    header must be present and, unless the client opted out, must be the body's hash."""
    if auth.service != "s3" or auth.presigned:
        return
    declared = headers.get("x-amz-content-sha256")
    if declared is None:
        raise AuthError("payload_missing", "Missing required header for this request: "
                        "x-amz-content-sha256")
    if declared == UNSIGNED_PAYLOAD:
        return
    if not re.fullmatch(r"[0-9a-f]{64}", declared):
        raise AuthError("payload_invalid", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.")
    if declared != hashlib.sha256(body).hexdigest():
        raise AuthError("payload_mismatch", "The provided 'x-amz-content-sha256' header does not "
                        "match what was computed.")


def signatures_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
