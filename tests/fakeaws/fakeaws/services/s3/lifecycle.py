"""Bucket lifecycle configuration, with the rule checks S3's lifecycle documentation gives.

Rules are stored and returned, never applied: the fake's objects do not age."""
import string

from ...errors import AwsError
from ...protocols.rest_xml import MALFORMED_XML
from .common import SERVICE, bucket_of

MAX_RULES = 1000
MAX_ID = 255
DAY = 86400
# Infrequent-access classes bill 30 days at least, so S3 refuses earlier transitions into them.
THIRTY_DAY_CLASSES = ("STANDARD_IA", "ONEZONE_IA")
ID_ALPHABET = string.ascii_letters + string.digits
FILTER_PREDICATES = ("Prefix", "Tag", "And", "ObjectSizeGreaterThan", "ObjectSizeLessThan")


def _malformed():
    return AwsError("MalformedXML", MALFORMED_XML)


def _argument(message):
    return AwsError("InvalidArgument", message)


def _exactly_one(structure, names):
    if sum(1 for n in names if n in structure) != 1:
        raise _malformed()


def _has_tag_filter(rule):
    found = rule.get("Filter", {})
    return "Tag" in found or bool(found.get("And", {}).get("Tags"))


def _check_filter(rule):
    # A rule names its objects by the legacy Prefix or by a Filter (possibly empty), never both.
    _exactly_one(rule, ("Prefix", "Filter"))
    if sum(1 for n in FILTER_PREDICATES if n in rule.get("Filter", {})) > 1:
        raise _malformed()  # several conditions go inside And


def _check_transitions(transitions, days_key, action):
    for transition in transitions:
        _exactly_one(transition, (days_key, "Date") if days_key == "Days" else (days_key,))
        days = transition.get(days_key)
        if days is not None and days < 0:
            raise _argument(f"'{days_key}' in {action} action must be nonnegative")
        storage = transition.get("StorageClass")
        if storage is None:
            raise _malformed()
        if days is not None and storage in THIRTY_DAY_CLASSES and days < 30:
            raise _argument(f"'{days_key}' in {action} action must be greater than or equal to 30 "
                            f"for storageClass '{storage}'")


def _check_expiration(rule):
    expiration = rule.get("Expiration")
    if expiration is None:
        return
    _exactly_one(expiration, ("Days", "Date", "ExpiredObjectDeleteMarker"))
    if "Days" in expiration:
        if expiration["Days"] <= 0:
            raise _argument("'Days' for Expiration action must be a positive integer")
        if any(expiration["Days"] <= t.get("Days", -1) for t in rule.get("Transitions", [])):
            raise _argument("'Days' in the Expiration action must be greater than 'Days' in the "
                            "Transition action")
    if "Date" in expiration and expiration["Date"] % DAY:
        raise _argument("'Date' must be at midnight GMT")


def _check_rule(rule):
    _check_filter(rule)
    if len(rule.get("ID", "")) > MAX_ID:
        raise _argument(f"ID length should not exceed allowed limit of {MAX_ID}")
    actions = ("Expiration", "Transitions", "NoncurrentVersionExpiration",
               "NoncurrentVersionTransitions", "AbortIncompleteMultipartUpload")
    if not any(rule.get(a) for a in actions):
        raise AwsError("InvalidRequest", "At least one action needs to be specified in a rule")
    _check_transitions(rule.get("Transitions", []), "Days", "Transition")
    _check_expiration(rule)
    _check_transitions(rule.get("NoncurrentVersionTransitions", []), "NoncurrentDays",
                       "NoncurrentVersionTransition")
    noncurrent = rule.get("NoncurrentVersionExpiration")
    if noncurrent is not None and noncurrent.get("NoncurrentDays", 0) <= 0:
        raise _argument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer")
    abort = rule.get("AbortIncompleteMultipartUpload")
    if abort is not None:
        if abort.get("DaysAfterInitiation", 0) <= 0:
            raise _argument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a "
                            "positive integer")
        if _has_tag_filter(rule):
            raise AwsError("InvalidRequest", "AbortIncompleteMultipartUpload cannot be specified with Tags.")


def _checked_rules(ctx, rules):
    if len(rules) > MAX_RULES:
        raise AwsError("InvalidRequest", f"The number of lifecycle rules should not exceed the allowed "
                       f"limit of {MAX_RULES} rules")
    for rule in rules:
        _check_rule(rule)
    ids = [r["ID"] for r in rules if r.get("ID")]
    if len(set(ids)) != len(ids):
        raise _argument("Rule ID must be unique. Found same ID for more than one rule")
    # A rule given no ID gets one S3 makes up.
    return [rule if rule.get("ID") else {**rule, "ID": ctx.world.new_token(48, ID_ALPHABET)}
            for rule in rules]


@SERVICE.op("PutBucketLifecycleConfiguration")
def put_bucket_lifecycle_configuration(ctx, p):
    bucket = bucket_of(ctx, p["Bucket"])
    configuration = p.get("LifecycleConfiguration")
    if not configuration:
        raise _malformed()
    bucket["lifecycle"] = _checked_rules(ctx, configuration["Rules"])
    return {}


@SERVICE.op("GetBucketLifecycleConfiguration")
def get_bucket_lifecycle_configuration(ctx, p):
    rules = bucket_of(ctx, p["Bucket"])["lifecycle"]
    if rules is None:
        raise AwsError("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 404)
    return {"Rules": rules}


@SERVICE.op("DeleteBucketLifecycle")
def delete_bucket_lifecycle(ctx, p):
    bucket_of(ctx, p["Bucket"])["lifecycle"] = None
    return {}
