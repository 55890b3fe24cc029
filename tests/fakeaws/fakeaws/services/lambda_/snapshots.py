"""GetFunction's Code.Location: "a presigned URL you can use to download the deployment
package", valid for ten minutes (the GetFunction API reference; `lambda_code_location_seconds`
on /_fake/config). AWS's points at an S3 bucket of
Lambda's own; the fake's at itself (the Host the GetFunction request was sent to), path-style:

    http://HOST/awslambda-REGION-tasks/snapshots/ACCOUNT/NAME-TOKEN?versionId=...&X-Amz-...

A plain GET serves the zip, without a SigV4 header. The query's signature is the fake's own
HMAC of the path and date, checked as S3 checks a presigned URL: a changed path or an expired
URL is refused (403, S3's XML error), which is all a client can tell apart."""
import calendar
import hashlib
import hmac
import os
import re
import time
from urllib.parse import parse_qs, urlencode

from ...protocols.common import Response, new_request_id
from .common import SERVICE

PREFIX = "/awslambda-"
PATH = re.compile(r"/awslambda-(?P<region>[a-z0-9-]+)-tasks/snapshots/(?P<account>\d{12})/"
                  r"(?P<name>[A-Za-z0-9_-]+)-(?P<token>[0-9a-f]{32})")
_KEY = os.urandom(32)  # the fake's own signing key: a URL is good for this process only


def _signature(path, date):
    return hmac.new(_KEY, f"{path}\n{date}".encode(), hashlib.sha256).hexdigest()


def new_snapshot(ctx, function, data):
    """Keeps a new deployment package's bytes; an older package's URL then finds nothing."""
    function["_zip"] = data
    function["_snapshot"] = f"{ctx.world.rng.getrandbits(128):032x}"


def location(ctx, function):
    path = (f"/awslambda-{ctx.region}-tasks/snapshots/{ctx.account}/"
            f"{function['FunctionName']}-{function['_snapshot']}")
    date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(ctx.now))
    query = {"versionId": function["_snapshot"][:16], "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
             "X-Amz-Date": date, "X-Amz-SignedHeaders": "host",
             "X-Amz-Expires": int(ctx.world.timings["lambda_code_location_seconds"]),
             "X-Amz-Credential": f"ASIAFAKELAMBDATASKS0/{date[:8]}/{ctx.region}/s3/aws4_request",
             "X-Amz-Signature": _signature(path, date)}
    host = ctx.host or f"awslambda-{ctx.region}-tasks.s3.{ctx.region}.amazonaws.com"
    return f"http://{host}{path}?{urlencode(query)}"


def _s3_error(status, code, message):
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message><RequestId>{new_request_id()}</RequestId></Error>")
    return Response(status, body.encode(), {"Content-Type": "application/xml"}, error_code=code)


@SERVICE.download(PREFIX)
def serve(world, request):
    """The zip, an S3 error, or None for a path of another shape (a bucket of that name)."""
    path = PATH.fullmatch(request.path)
    if path is None:
        return None
    query = {k: v[0] for k, v in parse_qs(request.query).items()}
    date = query.get("X-Amz-Date", "")
    if not hmac.compare_digest(query.get("X-Amz-Signature", ""), _signature(request.path, date)):
        return _s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does "
                         "not match the signature you provided.")
    signed = calendar.timegm(time.strptime(date, "%Y%m%dT%H%M%SZ"))
    if time.time() >= signed + int(query.get("X-Amz-Expires", 0)):
        return _s3_error(403, "AccessDenied", "Request has expired")
    function = world.state("lambda", path["region"], path["account"]).functions.get(path["name"])
    if function is None or function.get("_snapshot") != path["token"]:
        return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
    return Response(200, function["_zip"], {"Content-Type": "application/zip"})
