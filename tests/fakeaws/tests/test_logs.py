"""CloudWatch Logs log groups: create, describe, retention, tags by name and by ARN."""
from .conftest import raises

ARN = "arn:aws:logs:us-east-1:123456789012:log-group:"


def test_log_groups_and_retention(client):
    logs = client("logs")
    logs.create_log_group(logGroupName="/app/web", tags={"team": "web"})
    raises("ResourceAlreadyExistsException", 400, logs.create_log_group, logGroupName="/app/web")
    raises("InvalidParameterException", 400, logs.create_log_group, logGroupName="has space")
    logs.create_log_group(logGroupName="/app/api", kmsKeyId="arn:aws:kms:us-east-1:123456789012:key/k")
    logs.create_log_group(logGroupName="/sys/audit")
    group = logs.describe_log_groups(logGroupNamePrefix="/app/web")["logGroups"][0]
    assert group["arn"] == ARN + "/app/web:*" and "retentionInDays" not in group and group["storedBytes"] == 0
    assert [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/app/")["logGroups"]] == [
        "/app/api", "/app/web"]  # ASCII order
    assert [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePattern="audit")["logGroups"]] == [
        "/sys/audit"]
    raises("InvalidParameterException", 400, logs.describe_log_groups, logGroupNamePrefix="/a",
           logGroupNamePattern="a")
    logs.put_retention_policy(logGroupName="/app/web", retentionInDays=14)
    assert logs.describe_log_groups(logGroupNamePrefix="/app/web")["logGroups"][0]["retentionInDays"] == 14
    raises("InvalidParameterException", 400, logs.put_retention_policy, logGroupName="/app/web", retentionInDays=2)
    logs.delete_retention_policy(logGroupName="/app/web")
    assert "retentionInDays" not in logs.describe_log_groups(logGroupNamePrefix="/app/web")["logGroups"][0]
    raises("ResourceNotFoundException", 400, logs.put_retention_policy, logGroupName="/ghost", retentionInDays=1)
    logs.delete_log_group(logGroupName="/app/web")
    raises("ResourceNotFoundException", 400, logs.delete_log_group, logGroupName="/app/web")


def test_describe_pages_by_50(client):
    logs = client("logs")
    for i in range(51):
        logs.create_log_group(logGroupName=f"g{i:02d}")
    first = logs.describe_log_groups()
    assert len(first["logGroups"]) == 50 and first["nextToken"]
    assert [g["logGroupName"] for g in logs.describe_log_groups(nextToken=first["nextToken"])["logGroups"]] == ["g50"]
    pages = logs.get_paginator("describe_log_groups").paginate(PaginationConfig={"PageSize": 20})
    assert [len(p["logGroups"]) for p in pages] == [20, 20, 11]


def test_tags_by_name_and_by_arn(client):
    logs = client("logs")
    logs.create_log_group(logGroupName="tagged", tags={"a": "1"})
    logs.tag_log_group(logGroupName="tagged", tags={"b": "2"})
    logs.untag_log_group(logGroupName="tagged", tags=["a"])
    assert logs.list_tags_log_group(logGroupName="tagged")["tags"] == {"b": "2"}
    logs.tag_resource(resourceArn=ARN + "tagged", tags={"c": "3"})
    logs.untag_resource(resourceArn=ARN + "tagged", tagKeys=["b"])
    assert logs.list_tags_for_resource(resourceArn=ARN + "tagged")["tags"] == {"c": "3"}
    raises("TooManyTagsException", 400, logs.tag_resource, resourceArn=ARN + "tagged",
           tags={f"k{i}": "v" for i in range(50)})
    raises("InvalidParameterException", 400, logs.tag_log_group, logGroupName="tagged", tags={"aws:x": "v"})
    raises("ResourceNotFoundException", 400, logs.list_tags_for_resource, resourceArn=ARN + "ghost")
    raises("ResourceNotFoundException", 400, logs.list_tags_log_group, logGroupName="ghost")
    eu = client("logs", region_name="eu-west-1")
    raises("ResourceNotFoundException", 400, eu.list_tags_for_resource, resourceArn=ARN + "tagged")


def test_cli_logs(aws_batch):
    run = aws_batch
    assert run("logs", "create-log-group", "--log-group-name", "cli", "--tags", "k=v")[0] == 0
    assert run("logs", "put-retention-policy", "--log-group-name", "cli", "--retention-in-days", "30")[0] == 0
    code, out = run("logs", "describe-log-groups", "--log-group-name-prefix", "cli")
    assert code == 0 and out["logGroups"][0]["retentionInDays"] == 30
    assert run("logs", "list-tags-log-group", "--log-group-name", "cli")[1]["tags"] == {"k": "v"}
    code, err = run("logs", "put-retention-policy", "--log-group-name", "cli", "--retention-in-days", "2")
    assert code != 0 and "InvalidParameterException" in err
