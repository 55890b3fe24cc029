"""The SNS service, its per-region state, ARN lookups and SNS's error wording."""
import re

from ... import paging
from ...errors import AwsError
from ..registry import Service

PAGE = 100  # ListTopics and the subscription lists hand out 100 at a time
_TOPIC_ARN = re.compile(r"arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,256})")


class SnsState:
    def __init__(self, region):
        self.topics = {}  # ARN -> record: {"Attributes": {...}, "_tags": [...], "_created": t}
        self.subscriptions = {}  # ARN -> record

    def dump(self):
        return {"topics": list(self.topics),
                "subscriptions": [{"arn": a, "endpoint": s["Endpoint"], "pending": s["_pending"]}
                                  for a, s in self.subscriptions.items()]}


SERVICE = Service("sns", state=SnsState)


def invalid(what):
    """SNS names the parameter at fault, and sometimes why."""
    return AwsError("InvalidParameter", f"Invalid parameter: {what}")


def topic_region(arn):
    m = _TOPIC_ARN.fullmatch(arn)
    if m is None:
        raise invalid("TopicArn")
    return m[1]


def find_topic(ctx, arn, member="TopicArn"):
    """The topic, or None; an ARN that names no topic at all is an invalid parameter."""
    if _TOPIC_ARN.fullmatch(arn) is None:
        raise invalid(member)
    return ctx.state.topics.get(arn)


def topic_of(ctx, arn):
    topic = find_topic(ctx, arn)
    if topic is None:
        raise AwsError("NotFound", "Topic does not exist", 404)
    return topic


def listing(items, token, key):
    """SNS's NextToken paging, 100 at a time."""
    try:
        page, next_token = paging.page(items, token, PAGE, "InvalidParameter")
    except AwsError:
        raise invalid("NextToken")
    return {key: page, "NextToken": next_token}
