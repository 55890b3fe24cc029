"""RDS-managed master user passwords: ManageMasterUserPassword keeps the password in a Secrets
Manager secret of RDS's own. Debian's botocore predates the members, so boto3 uses the fake's
extended model (the extended_client fixture); the Debian aws CLI already knows them."""
import json
import string
import urllib.request

import botocore.exceptions
import pytest

from .conftest import raises, release, response_bodies

TIMINGS = {"rds_creating_seconds": 60, "rds_modifying_seconds": 60, "rds_deleting_seconds": 60}
ARN = "arn:aws:rds:us-east-1:123456789012:db:{}"


@pytest.fixture
def rds(fake, extended_client):
    fake.control("POST", "/_fake/config", TIMINGS)  # transitions last until a test releases them
    return extended_client("rds")


def managed_instance(rds, name, **extra):
    return rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="postgres",
                                  MasterUsername="admin", AllocatedStorage=20, ManageMasterUserPassword=True,
                                  **extra)["DBInstance"]


def credentials_in(sm, arn):
    return json.loads(sm.get_secret_value(SecretId=arn)["SecretString"])


def test_rds_keeps_the_password_in_its_own_secret(rds, client, fake):
    created = managed_instance(rds, "app")
    secret = created["MasterUserSecret"]
    assert secret["SecretStatus"] == "creating"
    assert secret["KmsKeyId"].startswith("arn:aws:kms:us-east-1:123456789012:key/"), "aws/secretsmanager's key"
    sm = client("secretsmanager")
    described = sm.describe_secret(SecretId=secret["SecretArn"])
    assert described["Name"].startswith("rds!db-") and described["OwningService"] == "rds"
    assert {t["Key"]: t["Value"] for t in described["Tags"]} == {
        "aws:rds:primaryDBInstanceArn": ARN.format("app"), "aws:secretsmanager:owningService": "rds"}
    login = credentials_in(sm, secret["SecretArn"])
    assert login["username"] == "admin" and len(login["password"]) >= 8
    assert not set(login["password"]) & set("/\"@ '") and set(login["password"]) & set(string.digits)
    release(fake, "rds_creating_seconds")
    assert rds.describe_db_instances()["DBInstances"][0]["MasterUserSecret"]["SecretStatus"] == "active"
    # The secret is RDS's: users read it, only RDS changes or deletes it.
    raises("InvalidRequestException", 400, sm.put_secret_value, SecretId=secret["SecretArn"], SecretString="x")
    raises("InvalidRequestException", 400, sm.update_secret, SecretId=secret["SecretArn"], Description="x")
    raises("InvalidRequestException", 400, sm.delete_secret, SecretId=secret["SecretArn"])
    raises("InvalidParameterException", 400, sm.untag_resource, SecretId=secret["SecretArn"],
           TagKeys=["aws:rds:primaryDBInstanceArn"])
    rds.delete_db_instance(DBInstanceIdentifier="app", SkipFinalSnapshot=True)
    assert sm.describe_secret(SecretId=secret["SecretArn"])["Name"] == described["Name"], "until it is gone"
    release(fake, "rds_deleting_seconds")
    raises("ResourceNotFoundException", 400, sm.describe_secret, SecretId=secret["SecretArn"])


def test_combinations_rds_refuses(rds):
    raises("InvalidParameterCombination", 400, managed_instance, rds=rds, name="both", MasterUserPassword="Passw0rd-1")
    raises("InvalidParameterCombination", 400, rds.create_db_instance, DBInstanceIdentifier="key-only",
           DBInstanceClass="db.t3.micro", Engine="mysql", MasterUsername="admin", MasterUserPassword="Passw0rd-1",
           AllocatedStorage=20, MasterUserSecretKmsKeyId="alias/mine")
    raises("InvalidParameterCombination", 400, rds.create_db_instance, DBInstanceIdentifier="aurora",
           DBInstanceClass="db.r6g.large", Engine="aurora-postgresql", ManageMasterUserPassword=True)
    raises("InvalidParameterValue", 400, rds.create_db_instance, DBInstanceIdentifier="neither",
           DBInstanceClass="db.t3.micro", Engine="mysql", MasterUsername="admin", AllocatedStorage=20)
    assert rds.describe_db_instances()["DBInstances"] == []


def test_modify_turns_management_on_rotates_and_off(rds, client, fake):
    rds.create_db_instance(DBInstanceIdentifier="db", DBInstanceClass="db.t3.micro", Engine="mysql",
                           MasterUsername="admin", MasterUserPassword="Passw0rd-1", AllocatedStorage=20)
    release(fake, "rds_creating_seconds")
    assert "MasterUserSecret" not in rds.describe_db_instances()["DBInstances"][0]
    on = rds.modify_db_instance(DBInstanceIdentifier="db", ManageMasterUserPassword=True,
                                MasterUserSecretKmsKeyId="alias/db-secrets")["DBInstance"]
    assert on["DBInstanceStatus"] == "modifying" and on["MasterUserSecret"]["KmsKeyId"] == "alias/db-secrets"
    arn = on["MasterUserSecret"]["SecretArn"]
    sm = client("secretsmanager")
    assert sm.describe_secret(SecretId=arn)["KmsKeyId"] == "alias/db-secrets"
    release(fake, "rds_modifying_seconds")
    raises("InvalidParameterCombination", 400, rds.modify_db_instance, DBInstanceIdentifier="db",
           MasterUserPassword="Passw0rd-2")
    raises("InvalidParameterCombination", 400, rds.modify_db_instance, DBInstanceIdentifier="db",
           RotateMasterUserPassword=True)  # only with ApplyImmediately
    raises("InvalidParameterCombination", 400, rds.modify_db_instance, DBInstanceIdentifier="db",
           MasterUserSecretKmsKeyId="alias/other")  # the key is chosen when management starts
    before = credentials_in(sm, arn)["password"]
    fake.control("POST", "/_fake/config", {"rds_modifying_seconds": 60})
    rotated = rds.modify_db_instance(DBInstanceIdentifier="db", RotateMasterUserPassword=True,
                                     ApplyImmediately=True)["DBInstance"]
    assert rotated["MasterUserSecret"]["SecretStatus"] == "rotating"
    assert credentials_in(sm, arn)["password"] != before
    previous = sm.get_secret_value(SecretId=arn, VersionStage="AWSPREVIOUS")["SecretString"]
    assert json.loads(previous)["password"] == before
    release(fake, "rds_modifying_seconds")
    raises("InvalidParameterCombination", 400, rds.modify_db_instance, DBInstanceIdentifier="db",
           ManageMasterUserPassword=False)  # off needs a password of the user's again
    off = rds.modify_db_instance(DBInstanceIdentifier="db", ManageMasterUserPassword=False,
                                 MasterUserPassword="Passw0rd-3")["DBInstance"]
    assert "MasterUserSecret" not in off and off["PendingModifiedValues"] == {"MasterUserPassword": "****"}
    raises("ResourceNotFoundException", 400, sm.describe_secret, SecretId=arn)


def test_stock_boto3_cannot_send_it(client):
    with pytest.raises(botocore.exceptions.ParamValidationError):
        client("rds").create_db_instance(DBInstanceIdentifier="x", DBInstanceClass="db.t3.micro", Engine="mysql",
                                         ManageMasterUserPassword=True)


def test_generated_password_is_never_in_rds_answers(rds, client, fake):
    with response_bodies(rds, "rds") as bodies:
        arn = managed_instance(rds, "quiet")["MasterUserSecret"]["SecretArn"]
        release(fake, "rds_creating_seconds")
        rds.describe_db_instances()
    with urllib.request.urlopen(fake.url + "/_fake/state") as response:
        bodies.append(response.read())
    password = credentials_in(client("secretsmanager"), arn)["password"]
    assert len(bodies) == 3 and not any(password.encode() in body for body in bodies)


def test_cli_manage_master_user_password(aws_batch, fake):
    fake.control("POST", "/_fake/config", TIMINGS)
    code, out = aws_batch("rds", "create-db-instance", "--db-instance-identifier", "cli", "--engine", "mysql",
                          "--db-instance-class", "db.t3.micro", "--master-username", "admin",
                          "--allocated-storage", "20", "--manage-master-user-password")
    assert code == 0 and out["DBInstance"]["MasterUserSecret"]["SecretStatus"] == "creating"
    code, out = aws_batch("secretsmanager", "get-secret-value", "--secret-id",
                          out["DBInstance"]["MasterUserSecret"]["SecretArn"])
    assert code == 0 and json.loads(out["SecretString"])["username"] == "admin"
