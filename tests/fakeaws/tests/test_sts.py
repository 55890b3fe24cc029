import botocore.exceptions
import pytest

from fakeaws import credentials
from .conftest import error_of

TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}'


def test_get_caller_identity(client):
    identity = client("sts").get_caller_identity()
    assert identity["Account"] == credentials.ACCOUNT_ID
    assert identity["Arn"].startswith("arn:aws:iam::123456789012:user/")


def test_assume_role_credentials_sign_later_calls(client):
    role = client("iam").create_role(RoleName="deployer", AssumeRolePolicyDocument=TRUST)["Role"]
    creds = client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="ci")["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and creds["SessionToken"]
    session = client("sts", aws_access_key_id=creds["AccessKeyId"],
                     aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    identity = session.get_caller_identity()
    assert identity["Arn"] == "arn:aws:sts::123456789012:assumed-role/deployer/ci"
    # The same key without its session token is refused.
    no_token = client("sts", aws_access_key_id=creds["AccessKeyId"],
                      aws_secret_access_key=creds["SecretAccessKey"])
    with pytest.raises(botocore.exceptions.ClientError) as e:
        no_token.get_caller_identity()
    assert error_of(e) == ("InvalidClientTokenId", 403)


def test_assume_missing_role_is_denied(client):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("sts").assume_role(RoleArn="arn:aws:iam::123456789012:role/nope", RoleSessionName="ci")
    assert error_of(e) == ("AccessDenied", 403)


def test_assume_role_with_web_identity_is_unsigned(client):
    client("iam").create_role(RoleName="oidc", AssumeRolePolicyDocument=TRUST)
    result = client("sts").assume_role_with_web_identity(
        RoleArn="arn:aws:iam::123456789012:role/oidc", RoleSessionName="gh", WebIdentityToken="a.b.c")
    assert result["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert result["AssumedRoleUser"]["Arn"].endswith("assumed-role/oidc/gh")


def test_cli_sts(aws):
    code, out = aws("sts", "get-caller-identity")
    assert code == 0 and out["Account"] == "123456789012"
