"""Topics: idempotent create, attributes, delete (idempotent too, as AWS documents), tags."""
import json
import re

from ...errors import AwsError
from .. import tag_lists
from .common import SERVICE, find_topic, invalid, listing, topic_of

MAX_TAGS = 50
_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
# What SetTopicAttributes may change, with the values it accepts (None: any text).
SETTABLE = {"DeliveryPolicy": None, "DisplayName": None, "Policy": None, "KmsMasterKeyId": None,
            "SignatureVersion": ("1", "2"), "TracingConfig": ("PassThrough", "Active"),
            "ContentBasedDeduplication": ("true", "false")}
CREATE_ONLY = {"FifoTopic": ("true", "false")}
DEFAULT_DELIVERY_POLICY = json.dumps({"http": {
    "defaultHealthyRetryPolicy": {"minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3,
                                  "numMaxDelayRetries": 0, "numNoDelayRetries": 0,
                                  "numMinDelayRetries": 0, "backoffFunction": "linear"},
    "disableSubscriptionOverrides": False}})


def _default_policy(ctx, arn):
    """The policy AWS gives a new topic: the owning account may use every topic action."""
    actions = ["GetTopicAttributes", "SetTopicAttributes", "AddPermission", "RemovePermission",
               "DeleteTopic", "Subscribe", "ListSubscriptionsByTopic", "Publish"]
    return json.dumps({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [{
        "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": [f"SNS:{a}" for a in actions], "Resource": arn,
        "Condition": {"StringEquals": {"AWS:SourceOwner": ctx.account}}}]})


def _check_attribute(name, value, allowed, fifo):
    if name not in allowed:
        raise invalid("AttributeName")
    values = allowed[name]
    if values is not None and value not in values:
        raise invalid(f"Attributes Reason: {name}: invalid value {value}")
    if name == "Policy":
        try:
            json.loads(value)
        except ValueError:
            raise invalid("Policy Error: the policy is not valid JSON")
    if name == "ContentBasedDeduplication" and not fifo:
        raise invalid("Attributes Reason: ContentBasedDeduplication is only available for FIFO topics")


def _checked_tags(current, new):
    return tag_lists.checked(
        current, new, MAX_TAGS, reserved=invalid("Tags Reason: Tag keys must not start with aws:"),
        too_many=AwsError("TagLimitExceeded", "Could not complete request: tag quota of per resource "
                          "exceeded"))


def _new_topic(ctx, arn, name, attributes, tags):
    fifo = name.endswith(".fifo")
    if not _NAME.fullmatch(name[:-len(".fifo")] if fifo else name) or \
            fifo != (attributes.get("FifoTopic") == "true"):
        raise invalid("Topic Name")  # FIFO topics, and only they, end in .fifo
    for key, value in attributes.items():
        _check_attribute(key, value, {**SETTABLE, **CREATE_ONLY}, fifo)
    defaults = {"Policy": _default_policy(ctx, arn), "DisplayName": ""}
    if fifo:
        defaults["ContentBasedDeduplication"] = "false"
    return {"Attributes": {**defaults, **attributes}, "_tags": _checked_tags([], tags), "_created": ctx.now,
            "_deleted_subscriptions": 0}


@SERVICE.op("CreateTopic")
def create_topic(ctx, p):
    name = p["Name"]
    arn = ctx.arn("sns", name, ctx.region)
    attributes, tags = p.get("Attributes", {}), p.get("Tags", [])
    existing = ctx.state.topics.get(arn)
    if existing is None:
        ctx.state.topics[arn] = _new_topic(ctx, arn, name, attributes, tags)
        return {"TopicArn": arn}
    # Creating a topic again is a no-op that answers its ARN, unless the request differs.
    if any(existing["Attributes"].get(k) != v for k, v in attributes.items()):
        raise invalid("Attributes Reason: Topic already exists with different attributes")
    if tags and tag_lists.merged([], tags) != existing["_tags"]:
        raise invalid("Tags Reason: Topic already exists with different tags")
    return {"TopicArn": arn}


@SERVICE.op("ListTopics")
def list_topics(ctx, p):
    arns = [{"TopicArn": a} for a, t in ctx.state.topics.items() if ctx.visible(t["_created"])]
    return listing(arns, p.get("NextToken"), "Topics")


@SERVICE.op("GetTopicAttributes")
def get_topic_attributes(ctx, p):
    arn = p["TopicArn"]
    topic = topic_of(ctx, arn)
    subscriptions = [s for s in ctx.state.subscriptions.values() if s["TopicArn"] == arn]
    pending = sum(1 for s in subscriptions if s["_pending"])
    computed = {"TopicArn": arn, "Owner": ctx.account, "SubscriptionsPending": str(pending),
                "SubscriptionsConfirmed": str(len(subscriptions) - pending),
                "SubscriptionsDeleted": str(topic["_deleted_subscriptions"]),
                "EffectiveDeliveryPolicy": topic["Attributes"].get("DeliveryPolicy", DEFAULT_DELIVERY_POLICY)}
    if arn.endswith(".fifo"):
        computed["FifoTopic"] = "true"
    return {"Attributes": {**topic["Attributes"], **computed}}


@SERVICE.op("SetTopicAttributes")
def set_topic_attributes(ctx, p):
    topic = topic_of(ctx, p["TopicArn"])
    name, value = p["AttributeName"], p.get("AttributeValue", "")
    _check_attribute(name, value, SETTABLE, p["TopicArn"].endswith(".fifo"))
    topic["Attributes"][name] = value
    return {}


@SERVICE.op("DeleteTopic")
def delete_topic(ctx, p):
    arn = p["TopicArn"]
    if find_topic(ctx, arn) is None:
        return {}  # idempotent: a topic that is gone is deleted
    del ctx.state.topics[arn]
    for sub_arn in [a for a, s in ctx.state.subscriptions.items() if s["TopicArn"] == arn]:
        del ctx.state.subscriptions[sub_arn]
    return {}


def _tagged(ctx, arn):
    topic = find_topic(ctx, arn, "ResourceArn")
    if topic is None:
        raise AwsError("ResourceNotFound", "Resource does not exist", 404)
    return topic


tag_lists.register_by_arn(SERVICE, _tagged, _checked_tags, "ResourceArn")
