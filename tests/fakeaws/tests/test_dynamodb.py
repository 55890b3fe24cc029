"""DynamoDB tables and conditional item writes, as a lease uses them (boto3 against the fake)."""
from .conftest import raises


def _table(ddb, name="leases"):
    ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "owner", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "owner", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")


def test_tables_are_created_described_and_refused_twice(client):
    ddb = client("dynamodb")
    raises("ResourceNotFoundException", 400, ddb.describe_table, TableName="leases")
    _table(ddb)
    table = ddb.describe_table(TableName="leases")["Table"]
    assert table["TableStatus"] == "ACTIVE" and table["KeySchema"][0]["AttributeName"] == "owner"
    assert table["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/leases"
    raises("ResourceInUseException", 400, _table, ddb=ddb)
    raises("ValidationException", 400, ddb.create_table, TableName="tbl",
           KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
           AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}],
           BillingMode="PAY_PER_REQUEST")


def test_a_lease_is_taken_renewed_and_taken_over_with_conditions(client):
    ddb = client("dynamodb")
    _table(ddb)
    key = {"owner": {"S": "team-a"}}
    names = {"#o": "owner", "#h": "holder", "#e": "epoch", "#x": "expires_at"}
    take = dict(TableName="leases", ConditionExpression="attribute_not_exists(#o)",
                ExpressionAttributeNames={"#o": "owner"},
                Item={**key, "holder": {"S": "a"}, "epoch": {"N": "1"}, "expires_at": {"N": "1000"}})
    ddb.put_item(**take)
    raises("ConditionalCheckFailedException", 400, ddb.put_item, **take)  # someone holds it
    assert ddb.get_item(TableName="leases", Key=key, ConsistentRead=True)["Item"]["holder"] == {"S": "a"}
    # The holder renews: only while it still holds the same epoch.
    renew = dict(TableName="leases", Key=key, UpdateExpression="SET #x = :x",
                 ConditionExpression="#h = :me AND #e = :epoch",
                 ExpressionAttributeNames={k: names[k] for k in ("#h", "#e", "#x")},
                 ExpressionAttributeValues={":me": {"S": "a"}, ":epoch": {"N": "1"}, ":x": {"N": "2000"}},
                 ReturnValues="ALL_NEW")
    assert ddb.update_item(**renew)["Attributes"]["expires_at"] == {"N": "2000"}
    # Another takes it over once expired (numbers compare as numbers: 2000 < 10000).
    takeover = dict(TableName="leases", Key=key,
                    UpdateExpression="SET #h = :me, #x = :x, #e = #e + :one",
                    ConditionExpression="#e = :seen AND (#x < :now OR attribute_not_exists(#x))",
                    ExpressionAttributeNames={k: names[k] for k in ("#h", "#e", "#x")},
                    ExpressionAttributeValues={":me": {"S": "b"}, ":x": {"N": "20000"}, ":one": {"N": "1"},
                                               ":seen": {"N": "1"}, ":now": {"N": "1500"}})
    raises("ConditionalCheckFailedException", 400, ddb.update_item, **takeover)  # not expired yet
    takeover["ExpressionAttributeValues"][":now"] = {"N": "10000"}
    ddb.update_item(**takeover)
    item = ddb.get_item(TableName="leases", Key=key)["Item"]
    assert item["holder"] == {"S": "b"} and item["epoch"] == {"N": "2"}
    raises("ConditionalCheckFailedException", 400, ddb.update_item, **renew)  # a's lease is gone
    raises("ConditionalCheckFailedException", 400, ddb.update_item, **takeover)  # epoch moved on
    # Releasing: delete only our own item; NOT and <> evaluate too.
    raises("ConditionalCheckFailedException", 400, ddb.delete_item, TableName="leases", Key=key,
           ConditionExpression="NOT #h = :me", ExpressionAttributeNames={"#h": "holder"},
           ExpressionAttributeValues={":me": {"S": "b"}})
    ddb.delete_item(TableName="leases", Key=key, ConditionExpression="#h <> :other",
                    ExpressionAttributeNames={"#h": "holder"}, ExpressionAttributeValues={":other": {"S": "a"}})
    assert "Item" not in ddb.get_item(TableName="leases", Key=key)


def test_bad_keys_and_expressions_are_refused(client):
    ddb = client("dynamodb")
    _table(ddb)
    raises("ValidationException", 400, ddb.get_item, TableName="leases", Key={"other": {"S": "x"}})
    raises("ValidationException", 400, ddb.put_item, TableName="leases", Item={"owner": {"N": "1"}})
    raises("ValidationException", 400, ddb.put_item, TableName="leases", Item={"owner": {"S": "x"}},
           ConditionExpression="attribute_not_exists(owner)", ExpressionAttributeValues={":unused": {"S": "1"}})
    raises("ValidationException", 400, ddb.put_item, TableName="leases", Item={"owner": {"S": "x"}},
           ConditionExpression="#missing = :v", ExpressionAttributeValues={":v": {"S": "1"}})
    raises("ValidationException", 400, ddb.update_item, TableName="leases", Key={"owner": {"S": "x"}},
           UpdateExpression="SET owner = :v", ExpressionAttributeValues={":v": {"S": "y"}})
    raises("ResourceNotFoundException", 400, ddb.get_item, TableName="nope", Key={"owner": {"S": "x"}})
