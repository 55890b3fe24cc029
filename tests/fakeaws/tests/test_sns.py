"""SNS topics, tags and subscriptions, e-mail confirmation through /_fake/sns/confirm."""
import json
import urllib.error

import pytest

from .conftest import raises


def test_topics_are_idempotent_and_keep_attributes(client):
    sns = client("sns")
    arn = sns.create_topic(Name="alerts", Attributes={"DisplayName": "Alerts"},
                           Tags=[{"Key": "team", "Value": "ops"}])["TopicArn"]
    assert arn == "arn:aws:sns:us-east-1:123456789012:alerts"
    assert sns.create_topic(Name="alerts")["TopicArn"] == arn  # same name: the same topic
    assert sns.create_topic(Name="alerts", Attributes={"DisplayName": "Alerts"})["TopicArn"] == arn
    raises("InvalidParameter", 400, sns.create_topic, Name="alerts", Attributes={"DisplayName": "Other"})
    raises("InvalidParameter", 400, sns.create_topic, Name="alerts", Tags=[{"Key": "team", "Value": "dev"}])
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attributes["DisplayName"] == "Alerts" and attributes["Owner"] == "123456789012"
    assert attributes["SubscriptionsPending"] == "0" and json.loads(attributes["Policy"])["Statement"]
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Pager")
    assert sns.get_topic_attributes(TopicArn=arn)["Attributes"]["DisplayName"] == "Pager"
    raises("InvalidParameter", 400, sns.set_topic_attributes, TopicArn=arn, AttributeName="FifoTopic",
           AttributeValue="true")
    raises("InvalidParameter", 400, sns.set_topic_attributes, TopicArn=arn, AttributeName="Policy",
           AttributeValue="{not json")
    raises("InvalidParameter", 400, sns.create_topic, Name="bad name")
    raises("InvalidParameter", 400, sns.create_topic, Name="orders.fifo")  # FIFO needs FifoTopic=true
    fifo = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    assert sns.get_topic_attributes(TopicArn=fifo)["Attributes"]["ContentBasedDeduplication"] == "false"
    sns.delete_topic(TopicArn=arn)
    sns.delete_topic(TopicArn=arn)  # deleting is idempotent, as documented
    raises("NotFound", 404, sns.get_topic_attributes, TopicArn=arn)
    raises("InvalidParameter", 400, sns.get_topic_attributes, TopicArn="not-an-arn")


def test_list_topics_pages_by_100(client):
    sns = client("sns")
    for i in range(101):
        sns.create_topic(Name=f"t{i:03d}")
    first = sns.list_topics()
    assert len(first["Topics"]) == 100 and first["NextToken"]
    rest = sns.list_topics(NextToken=first["NextToken"])
    assert rest["Topics"] == [{"TopicArn": "arn:aws:sns:us-east-1:123456789012:t100"}] and "NextToken" not in rest
    raises("InvalidParameter", 400, sns.list_topics, NextToken="bogus")


def test_topic_tags(client):
    sns = client("sns")
    arn = sns.create_topic(Name="tagged")["TopicArn"]
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    sns.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    raises("TagLimitExceeded", 400, sns.tag_resource, ResourceArn=arn,
           Tags=[{"Key": f"k{i}", "Value": ""} for i in range(50)])
    raises("ResourceNotFound", 404, sns.list_tags_for_resource, ResourceArn=arn + "-gone")


def test_email_subscription_waits_for_confirmation(client, fake):
    sns = client("sns")
    arn = sns.create_topic(Name="alerts")["TopicArn"]
    assert sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com")["SubscriptionArn"] == \
        "pending confirmation"
    pending_arn = sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com",
                                ReturnSubscriptionArn=True)["SubscriptionArn"]
    assert pending_arn.startswith(arn + ":")
    listed = sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
    assert [(s["SubscriptionArn"], s["Endpoint"]) for s in listed] == [("PendingConfirmation", "ops@example.com")]
    attributes = sns.get_subscription_attributes(SubscriptionArn=pending_arn)["Attributes"]
    assert attributes["PendingConfirmation"] == "true"
    assert sns.get_topic_attributes(TopicArn=arn)["Attributes"]["SubscriptionsPending"] == "1"
    raises("InvalidParameter", 400, sns.get_subscription_attributes, SubscriptionArn="pending confirmation")
    confirmed = fake.control("POST", "/_fake/sns/confirm", {"TopicArn": arn, "Endpoint": "ops@example.com"})
    assert confirmed["SubscriptionArn"] == pending_arn
    attributes = sns.get_subscription_attributes(SubscriptionArn=pending_arn)["Attributes"]
    assert attributes["PendingConfirmation"] == "false" and attributes["ConfirmationWasAuthenticated"] == "false"
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == pending_arn
    with pytest.raises(urllib.error.HTTPError) as e:  # nothing is pending any more
        fake.control("POST", "/_fake/sns/confirm", {"TopicArn": arn, "Endpoint": "ops@example.com"})
    assert e.value.code == 404
    sns.unsubscribe(SubscriptionArn=pending_arn)
    raises("NotFound", 404, sns.get_subscription_attributes, SubscriptionArn=pending_arn)
    assert sns.get_topic_attributes(TopicArn=arn)["Attributes"]["SubscriptionsDeleted"] == "1"


def test_subscription_checks(client):
    sns = client("sns")
    arn = sns.create_topic(Name="alerts")["TopicArn"]
    queue = "arn:aws:sqs:us-east-1:123456789012:q"
    sub = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    assert sub.startswith(arn + ":")  # same-account queues need no confirmation
    raises("InvalidParameter", 400, sns.subscribe, TopicArn=arn, Protocol="email", Endpoint="nobody")
    raises("InvalidParameter", 400, sns.subscribe, TopicArn=arn, Protocol="carrier-pigeon", Endpoint="x")
    raises("InvalidParameter", 400, sns.subscribe, TopicArn=arn, Protocol="sqs", Endpoint=queue,
           Attributes={"RawMessageDelivery": "true"})  # exists with other attributes
    raises("NotFound", 404, sns.subscribe, TopicArn=arn + "x", Protocol="sqs", Endpoint=queue)
    sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="FilterPolicy",
                                    AttributeValue='{"level": ["error"]}')
    assert sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]["FilterPolicy"] == '{"level": ["error"]}'
    sns.delete_topic(TopicArn=arn)  # takes its subscriptions along
    assert sns.list_subscriptions()["Subscriptions"] == []


def test_cli_sns(aws_batch):
    run = aws_batch
    code, out = run("sns", "create-topic", "--name", "cli", "--tags", "Key=k,Value=v")
    assert code == 0
    arn = out["TopicArn"]
    assert run("sns", "subscribe", "--topic-arn", arn, "--protocol", "email",
               "--notification-endpoint", "a@example.com")[1]["SubscriptionArn"] == "pending confirmation"
    subs = run("sns", "list-subscriptions-by-topic", "--topic-arn", arn)[1]["Subscriptions"]
    assert [s["SubscriptionArn"] for s in subs] == ["PendingConfirmation"]
    assert run("sns", "list-tags-for-resource", "--resource-arn", arn)[1]["Tags"] == [{"Key": "k", "Value": "v"}]
    code, err = run("sns", "get-topic-attributes", "--topic-arn", arn + "-gone")
    assert code != 0 and "NotFound" in err
