"""Subscriptions. E-mail and HTTP(S) endpoints stay pending until the person (or server) behind
them confirms; the fake's stand-in for clicking the e-mailed link is POST /_fake/sns/confirm.
Other protocols (SQS, Lambda, ...) in the same account are confirmed at once, as on AWS."""
import json
import re
import uuid

from ...errors import AwsError
from .common import SERVICE, invalid, listing, topic_of, topic_region

PENDING_ANSWER = "pending confirmation"  # what Subscribe answers for a pending subscription
PENDING_LISTED = "PendingConfirmation"  # how the lists show one
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# protocol -> (endpoint check, what SNS calls a bad endpoint, confirmation needed)
PROTOCOLS = {
    "email": (_EMAIL.fullmatch, "Email address", True),
    "email-json": (_EMAIL.fullmatch, "Email address", True),
    "http": (lambda e: e.startswith("http://"), "Endpoint", True),
    "https": (lambda e: e.startswith("https://"), "Endpoint", True),
    "sqs": (lambda e: e.startswith("arn:aws:sqs:"), "SQS endpoint ARN", False),
    "lambda": (lambda e: e.startswith("arn:aws:lambda:"), "Lambda endpoint ARN", False),
    "firehose": (lambda e: e.startswith("arn:aws:firehose:"), "Firehose endpoint ARN", False),
    "application": (lambda e: e.startswith("arn:aws:sns:"), "Endpoint ARN", False),
    "sms": (re.compile(r"\+?[0-9]{5,15}").fullmatch, "SMS endpoint", False),
}
ATTRIBUTES = ("DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery",
              "RedrivePolicy", "SubscriptionRoleArn")
_SUBSCRIPTION_ARN = re.compile(r"(arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+):[0-9a-f-]{36}")


def _check_attributes(attributes):
    for name, value in attributes.items():
        if name not in ATTRIBUTES:
            raise invalid(f"Attributes Reason: Unknown attribute {name}")
        if name in ("FilterPolicy", "DeliveryPolicy", "RedrivePolicy"):
            try:
                json.loads(value)
            except ValueError:
                raise invalid(f"Attributes Reason: {name}: failed to parse JSON")


def _listed(sub):
    return {"SubscriptionArn": PENDING_LISTED if sub["_pending"] else sub["SubscriptionArn"],
            "Owner": sub["Owner"], "Protocol": sub["Protocol"], "Endpoint": sub["Endpoint"],
            "TopicArn": sub["TopicArn"]}


def _answer(sub, return_arn):
    hidden = sub["_pending"] and not return_arn
    return {"SubscriptionArn": PENDING_ANSWER if hidden else sub["SubscriptionArn"]}


@SERVICE.op("Subscribe")
def subscribe(ctx, p):
    topic_arn, protocol, endpoint = p["TopicArn"], p["Protocol"], p.get("Endpoint", "")
    topic_of(ctx, topic_arn)
    if protocol not in PROTOCOLS:
        raise invalid(f"Amazon SNS does not support this protocol string: {protocol}")
    valid, what, needs_confirmation = PROTOCOLS[protocol]
    if not valid(endpoint):
        raise invalid(what)
    attributes = p.get("Attributes", {})
    _check_attributes(attributes)
    if protocol == "firehose" and "SubscriptionRoleArn" not in attributes:
        raise invalid("Attributes Reason: SubscriptionRoleArn is required for firehose subscriptions")
    for sub in ctx.state.subscriptions.values():
        if (sub["TopicArn"], sub["Protocol"], sub["Endpoint"]) == (topic_arn, protocol, endpoint):
            if sub["Attributes"] != attributes:
                raise invalid("Attributes Reason: Subscription already exists with different attributes")
            return _answer(sub, p.get("ReturnSubscriptionArn"))
    arn = f"{topic_arn}:{uuid.UUID(int=ctx.world.rng.getrandbits(128), version=4)}"
    sub = {"SubscriptionArn": arn, "TopicArn": topic_arn, "Protocol": protocol, "Endpoint": endpoint,
           "Owner": ctx.account, "Attributes": attributes, "_pending": needs_confirmation,
           "_created": ctx.now}
    ctx.state.subscriptions[arn] = sub
    return _answer(sub, p.get("ReturnSubscriptionArn"))


@SERVICE.op("ListSubscriptionsByTopic")
def list_subscriptions_by_topic(ctx, p):
    topic_of(ctx, p["TopicArn"])
    subs = [_listed(s) for s in ctx.state.subscriptions.values()
            if s["TopicArn"] == p["TopicArn"] and ctx.visible(s["_created"])]
    return listing(subs, p.get("NextToken"), "Subscriptions")


@SERVICE.op("ListSubscriptions")
def list_subscriptions(ctx, p):
    subs = [_listed(s) for s in ctx.state.subscriptions.values() if ctx.visible(s["_created"])]
    return listing(subs, p.get("NextToken"), "Subscriptions")


def _subscription_of(ctx, arn):
    if _SUBSCRIPTION_ARN.fullmatch(arn) is None:  # "pending confirmation" is no ARN
        raise invalid("SubscriptionArn")
    sub = ctx.state.subscriptions.get(arn)
    if sub is None:
        raise AwsError("NotFound", "Subscription does not exist", 404)
    return sub


@SERVICE.op("GetSubscriptionAttributes")
def get_subscription_attributes(ctx, p):
    sub = _subscription_of(ctx, p["SubscriptionArn"])
    attributes = {"SubscriptionArn": sub["SubscriptionArn"], "TopicArn": sub["TopicArn"],
                  "Owner": sub["Owner"], "Protocol": sub["Protocol"], "Endpoint": sub["Endpoint"],
                  "PendingConfirmation": "true" if sub["_pending"] else "false",
                  # A confirmation by link is unauthenticated; same-account ones are not.
                  "ConfirmationWasAuthenticated": "false" if PROTOCOLS[sub["Protocol"]][2] else "true",
                  "RawMessageDelivery": "false", **sub["Attributes"]}
    return {"Attributes": attributes}


@SERVICE.op("SetSubscriptionAttributes")
def set_subscription_attributes(ctx, p):
    sub = _subscription_of(ctx, p["SubscriptionArn"])
    change = {p["AttributeName"]: p.get("AttributeValue", "")}
    _check_attributes(change)
    sub["Attributes"].update(change)
    return {}


@SERVICE.op("Unsubscribe")
def unsubscribe(ctx, p):
    sub = _subscription_of(ctx, p["SubscriptionArn"])
    del ctx.state.subscriptions[sub["SubscriptionArn"]]
    topic = ctx.state.topics.get(sub["TopicArn"])
    if topic is not None:
        topic["_deleted_subscriptions"] += 1
    return {}


@SERVICE.control("POST", "/_fake/sns/confirm")
def confirm(world, body):
    """Someone follows the link SNS sent to a pending endpoint.

    Body: {"TopicArn": ..., "Endpoint": "ops@example.com"} -> {"SubscriptionArn": ...}."""
    topic_arn, endpoint = body["TopicArn"], body["Endpoint"]
    state = world.state("sns", topic_region(topic_arn), topic_arn.split(":")[4])
    for sub in state.subscriptions.values():
        if sub["TopicArn"] == topic_arn and sub["Endpoint"] == endpoint and sub["_pending"]:
            sub["_pending"] = False
            return {"SubscriptionArn": sub["SubscriptionArn"]}
    raise AwsError("NotFound", f"no pending subscription of {endpoint} to {topic_arn}", 404)
