"""Secrets Manager: secrets, versions, deletion windows, filters, random passwords."""
import json
import string
import urllib.request

import pytest

from .conftest import raises, release, response_bodies

VALUE = json.dumps({"username": "app", "password": "Sup3r-Secret-Value"})


@pytest.fixture
def sm(client):
    return client("secretsmanager")


def test_create_read_and_version(sm):
    created = sm.create_secret(Name="prod/db", SecretString=VALUE, Description="Database login",
                               Tags=[{"Key": "team", "Value": "data"}])
    assert created["ARN"].startswith("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-")
    assert len(created["ARN"]) == len("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-") + 6
    raises("ResourceExistsException", 400, sm.create_secret, Name="prod/db", SecretString="x")
    got = sm.get_secret_value(SecretId="prod/db")
    assert got["SecretString"] == VALUE and got["VersionStages"] == ["AWSCURRENT"]
    assert got["VersionId"] == created["VersionId"]
    # A full ARN and the ARN without its random suffix name the secret too.
    assert sm.get_secret_value(SecretId=created["ARN"])["Name"] == "prod/db"
    assert sm.describe_secret(SecretId=created["ARN"][:-7])["Description"] == "Database login"
    second = sm.put_secret_value(SecretId="prod/db", SecretString="v2")
    assert second["VersionStages"] == ["AWSCURRENT"]
    assert sm.get_secret_value(SecretId="prod/db", VersionStage="AWSPREVIOUS")["SecretString"] == VALUE
    assert sm.get_secret_value(SecretId="prod/db", VersionId=created["VersionId"])["SecretString"] == VALUE
    described = sm.describe_secret(SecretId="prod/db")
    assert described["VersionIdsToStages"] == {created["VersionId"]: ["AWSPREVIOUS"],
                                               second["VersionId"]: ["AWSCURRENT"]}
    assert "KmsKeyId" not in described, "the aws/secretsmanager key is not shown"
    assert "LastAccessedDate" in described and "DeletedDate" not in described
    raises("ResourceNotFoundException", 400, sm.get_secret_value, SecretId="prod/db", VersionStage="AWSPENDING")
    raises("ResourceNotFoundException", 400, sm.get_secret_value, SecretId="nope")
    # The same ClientRequestToken again is a retry; with another value it is refused.
    token = "a" * 32
    assert sm.put_secret_value(SecretId="prod/db", SecretString="v3", ClientRequestToken=token)["VersionId"] == token
    sm.put_secret_value(SecretId="prod/db", SecretString="v3", ClientRequestToken=token)
    raises("ResourceExistsException", 400, sm.put_secret_value, SecretId="prod/db", SecretString="v4",
           ClientRequestToken=token)
    binary = sm.create_secret(Name="blob", SecretBinary=b"\x00\x01")
    assert sm.get_secret_value(SecretId=binary["ARN"])["SecretBinary"] == b"\x00\x01"
    raises("InvalidParameterException", 400, sm.create_secret, Name="both", SecretString="a", SecretBinary=b"b")
    raises("InvalidParameterException", 400, sm.put_secret_value, SecretId="blob")
    raises("InvalidParameterException", 400, sm.create_secret, Name="bad name!")
    empty = sm.create_secret(Name="later")
    assert "VersionId" not in empty
    raises("ResourceNotFoundException", 400, sm.get_secret_value, SecretId="later")


def test_update_and_tags(sm):
    sm.create_secret(Name="s", SecretString="one", KmsKeyId="alias/mine")
    updated = sm.update_secret(SecretId="s", Description="new", SecretString="two")
    assert updated["VersionId"] and sm.get_secret_value(SecretId="s")["SecretString"] == "two"
    assert sm.update_secret(SecretId="s", Description="again").keys() >= {"ARN", "Name"}
    described = sm.describe_secret(SecretId="s")
    assert described["Description"] == "again" and described["KmsKeyId"] == "alias/mine"
    sm.tag_resource(SecretId="s", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    sm.tag_resource(SecretId="s", Tags=[{"Key": "a", "Value": "3"}])
    sm.untag_resource(SecretId="s", TagKeys=["b"])
    assert sm.describe_secret(SecretId="s")["Tags"] == [{"Key": "a", "Value": "3"}]
    raises("InvalidParameterException", 400, sm.tag_resource, SecretId="s", Tags=[{"Key": "aws:x", "Value": "1"}])


def test_delete_window_restore_and_force(sm, fake):
    arn = sm.create_secret(Name="doomed", SecretString="v")["ARN"]
    raises("InvalidParameterException", 400, sm.delete_secret, SecretId="doomed", RecoveryWindowInDays=6)
    raises("InvalidParameterException", 400, sm.delete_secret, SecretId="doomed", RecoveryWindowInDays=7,
           ForceDeleteWithoutRecovery=True)
    deleted = sm.delete_secret(SecretId="doomed")
    described = sm.describe_secret(SecretId="doomed")
    assert (deleted["DeletionDate"] - described["DeletedDate"]).days == 30, "30 days by default"
    # A secret waiting out its recovery window refuses to be read or changed, and keeps its name.
    raises("InvalidRequestException", 400, sm.get_secret_value, SecretId=arn)
    raises("InvalidRequestException", 400, sm.put_secret_value, SecretId=arn, SecretString="x")
    raises("InvalidRequestException", 400, sm.update_secret, SecretId=arn, Description="x")
    raises("InvalidRequestException", 400, sm.create_secret, Name="doomed", SecretString="x")
    raises("InvalidRequestException", 400, sm.delete_secret, SecretId="doomed")
    assert sm.list_secrets()["SecretList"] == []
    assert sm.restore_secret(SecretId="doomed")["ARN"] == arn
    assert sm.get_secret_value(SecretId="doomed")["SecretString"] == "v"
    sm.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
    release(fake, "secret_recovery_day_seconds")  # the window has passed
    raises("ResourceNotFoundException", 400, sm.describe_secret, SecretId="doomed")
    sm.create_secret(Name="doomed", SecretString="again")
    sm.delete_secret(SecretId="doomed", ForceDeleteWithoutRecovery=True)
    raises("ResourceNotFoundException", 400, sm.describe_secret, SecretId="doomed")


def test_list_filters_paging_and_tags(sm):
    for i in range(7):
        sm.create_secret(Name=f"app/{'prod' if i < 4 else 'dev'}/s{i}", SecretString="v",
                         Description="Primary DB" if i == 0 else "other",
                         Tags=[{"Key": "env", "Value": "prod" if i < 4 else "dev"}])
    entries = sm.list_secrets()["SecretList"]
    assert len(entries) == 7 and entries[0]["Tags"] == [{"Key": "env", "Value": "prod"}]
    assert list(entries[0]["SecretVersionsToStages"].values()) == [["AWSCURRENT"]]

    def names(**kwargs):
        return [s["Name"] for p in sm.get_paginator("list_secrets").paginate(**kwargs) for s in p["SecretList"]]
    assert len(names(Filters=[{"Key": "name", "Values": ["app/prod/"]}])) == 4
    assert names(Filters=[{"Key": "name", "Values": ["App/prod/"]}]) == [], "name is case-sensitive"
    assert names(Filters=[{"Key": "description", "Values": ["primary"]}]) == ["app/prod/s0"]
    assert len(names(Filters=[{"Key": "tag-value", "Values": ["!prod"]}])) == 3
    assert len(names(Filters=[{"Key": "tag-key", "Values": ["env"]}, {"Key": "tag-value", "Values": ["dev"]}])) == 3
    assert names(Filters=[{"Key": "all", "Values": ["PRIMARY db"]}]) == ["app/prod/s0"]
    pages = list(sm.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 3}))
    assert [len(p["SecretList"]) for p in pages] == [3, 3, 1]
    assert names(SortOrder="desc")[0] == "app/dev/s6"
    raises("InvalidNextTokenException", 400, sm.list_secrets, NextToken="garbage")


def test_random_password(sm, client):
    assert len(sm.get_random_password()["RandomPassword"]) == 32
    digits = sm.get_random_password(PasswordLength=12, ExcludeUppercase=True, ExcludeLowercase=True,
                                    ExcludePunctuation=True)["RandomPassword"]
    assert len(digits) == 12 and digits.isdigit()
    mixed = sm.get_random_password(PasswordLength=8, ExcludeCharacters="abcdef0123")["RandomPassword"]
    assert not set(mixed) & set("abcdef0123")
    for kind in (string.ascii_uppercase, string.ascii_lowercase, string.digits, string.punctuation):
        assert set(mixed) & set(kind), "one of each class by default"
    raises("InvalidParameterException", 400, sm.get_random_password, PasswordLength=3)  # four types needed
    raises("InvalidParameterException", 400, sm.get_random_password, ExcludeNumbers=True, ExcludeUppercase=True,
           ExcludeLowercase=True, ExcludePunctuation=True)
    raises("ValidationException", 400, client("secretsmanager", validate=False).get_random_password, PasswordLength=0)


def test_values_stay_out_of_state_and_other_responses(sm, fake):
    with response_bodies(sm, "secretsmanager") as bodies:
        sm.create_secret(Name="quiet", SecretString=VALUE)
        sm.describe_secret(SecretId="quiet")
        sm.list_secrets()
        sm.update_secret(SecretId="quiet", Description="d")
    with urllib.request.urlopen(fake.url + "/_fake/state") as response:
        bodies.append(response.read())
    assert len(bodies) == 5 and b"quiet" in bodies[-1]
    assert not any(b"Sup3r-Secret-Value" in body for body in bodies)


def test_cli_secretsmanager(aws_batch):
    code, out = aws_batch("secretsmanager", "create-secret", "--name", "cli/db", "--secret-string", VALUE,
                          "--tags", "Key=team,Value=x")
    assert code == 0 and out["Name"] == "cli/db"
    code, out = aws_batch("secretsmanager", "get-secret-value", "--secret-id", "cli/db")
    assert code == 0 and json.loads(out["SecretString"])["username"] == "app"
    code, out = aws_batch("secretsmanager", "list-secrets", "--filters", "Key=tag-key,Values=team")
    assert code == 0 and [s["Name"] for s in out["SecretList"]] == ["cli/db"]
    code, out = aws_batch("secretsmanager", "delete-secret", "--secret-id", "cli/db", "--recovery-window-in-days", "7")
    assert code == 0 and "DeletionDate" in out
    code, err = aws_batch("secretsmanager", "get-secret-value", "--secret-id", "cli/db")
    assert code != 0 and "InvalidRequestException" in err
    code, out = aws_batch("secretsmanager", "get-random-password", "--password-length", "20", "--exclude-punctuation")
    assert code == 0 and len(out["RandomPassword"]) == 20 and out["RandomPassword"].isalnum()
