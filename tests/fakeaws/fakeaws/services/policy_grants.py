"""Does a resource policy (an S3 bucket policy, an SNS topic policy) let an AWS service do
something? What CloudTrail checks before it accepts a bucket or a topic for delivery.

A statement grants when its Effect, Principal, Action and Resource all match; a matching Deny
wins over any Allow. Conditions are not evaluated (the fake has no request context for them),
and statements written with NotPrincipal/NotAction/NotResource never grant."""
import json
import re


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _glob(pattern, value, case_sensitive=True):
    """IAM's wildcards: * any run of characters, ? one character; nothing else is special."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, 0 if case_sensitive else re.IGNORECASE) is not None


def _names_service(principal, service):
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    return service in _as_list(principal.get("Service", []))


def _matches(statement, service, action, resource):
    if any(k in statement for k in ("NotPrincipal", "NotAction", "NotResource")):
        return False
    return (_names_service(statement.get("Principal"), service)
            and any(_glob(a, action, case_sensitive=False) for a in _as_list(statement.get("Action", [])))
            and any(_glob(r, resource) for r in _as_list(statement.get("Resource", []))))


def grants(policy_text, service, action, resource):
    """True if policy_text lets the service principal (e.g. cloudtrail.amazonaws.com) perform
    action (e.g. s3:PutObject) on resource (an ARN)."""
    if not policy_text:
        return False
    try:
        statements = _as_list(json.loads(policy_text).get("Statement", []))
    except (ValueError, AttributeError):
        return False
    matching = [s for s in statements if isinstance(s, dict) and _matches(s, service, action, resource)]
    return any(s.get("Effect") == "Allow" for s in matching) and not any(
        s.get("Effect") == "Deny" for s in matching)
