"""Accounts are kept apart: a credential belongs to one account, and STS AssumeRole of a role
in another account (AWS Organizations' OrganizationAccountAccessRole) signs into that account."""
import botocore.exceptions
import pytest

from fakeaws import credentials
from .conftest import error_of

MEMBER = "111111111111"
OTHER_MEMBER = "222222222222"


def _role_arn(account):
    return f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"


def _assume(client, account, session="accounts-test"):
    creds = client("sts").assume_role(RoleArn=_role_arn(account), RoleSessionName=session)["Credentials"]
    return lambda service: client(service, aws_access_key_id=creds["AccessKeyId"],
                                  aws_secret_access_key=creds["SecretAccessKey"],
                                  aws_session_token=creds["SessionToken"])


def _vpc_ids(ec2):
    return {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v["IsDefault"]}


def test_assumed_role_sees_only_its_account(client, fake):
    member = _assume(client, MEMBER)
    identity = member("sts").get_caller_identity()
    assert identity["Account"] == MEMBER
    assert identity["Arn"] == f"arn:aws:sts::{MEMBER}:assumed-role/OrganizationAccountAccessRole/accounts-test"

    vpc = member("ec2").create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]
    assert vpc["OwnerId"] == MEMBER
    assert _vpc_ids(member("ec2")) == {vpc["VpcId"]}
    assert vpc["VpcId"] not in _vpc_ids(client("ec2"))  # the management account does not see it
    assert _vpc_ids(_assume(client, OTHER_MEMBER)("ec2")) == set()
    # Each account starts with its own default VPC.
    defaults = [v for v in member("ec2").describe_vpcs()["Vpcs"] if v["IsDefault"]]
    assert len(defaults) == 1 and defaults[0]["OwnerId"] == MEMBER

    # Global services too: a role created in the member account is its own, with its ARN.
    trust = '{"Version":"2012-10-17","Statement":[]}'
    role = member("iam").create_role(RoleName="app", AssumeRolePolicyDocument=trust)["Role"]
    assert role["Arn"] == f"arn:aws:iam::{MEMBER}:role/app"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("iam").get_role(RoleName="app")
    assert error_of(e)[0] == "NoSuchEntity"

    # The side channel follows the account: the state dump and the call log.
    def dumped_vpcs(query=""):
        return {v["VpcId"] for v in fake.control("GET", "/_fake/state" + query)["ec2/us-east-1"]["vpcs"]}
    assert vpc["VpcId"] in dumped_vpcs(f"?account={MEMBER}")
    assert vpc["VpcId"] not in dumped_vpcs()
    assert MEMBER in fake.control("GET", "/_fake/accounts")["accounts"]
    log = fake.control("GET", "/_fake/calls")["log"]
    creates = [e for e in log if e["operation"] == "CreateVpc"]
    assert [e["account"] for e in creates] == [MEMBER]
    assumes = [e for e in log if e["operation"] == "AssumeRole"]
    assert assumes and all(e["account"] == credentials.ACCOUNT_ID for e in assumes)


def test_organization_role_is_in_member_accounts_only(client):
    member = _assume(client, MEMBER)
    role = member("iam").get_role(RoleName="OrganizationAccountAccessRole")["Role"]
    assert role["Arn"] == _role_arn(MEMBER)
    attached = member("iam").list_attached_role_policies(RoleName="OrganizationAccountAccessRole")
    assert [p["PolicyName"] for p in attached["AttachedPolicies"]] == ["AdministratorAccess"]
    # The management account has no such role: assuming it there is denied.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("sts").assume_role(RoleArn=_role_arn(credentials.ACCOUNT_ID), RoleSessionName="xx")
    assert error_of(e) == ("AccessDenied", 403)
    # A malformed role ARN names no account.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client("sts").assume_role(RoleArn="arn:aws:iam::12345:role/OrganizationAccountAccessRoleX",
                                  RoleSessionName="xx")
    assert error_of(e) == ("AccessDenied", 403)


def test_session_token_keeps_the_callers_account(client):
    member = _assume(client, MEMBER)
    identity = client("sts").get_session_token()["Credentials"]
    assert identity["AccessKeyId"].startswith("ASIA")
    assert member("sts").get_caller_identity()["Account"] == MEMBER


def test_bucket_names_are_shared_by_all_accounts(client):
    client("s3").create_bucket(Bucket="taken-by-management")
    member = _assume(client, MEMBER)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        member("s3").create_bucket(Bucket="taken-by-management")
    assert error_of(e) == ("BucketAlreadyExists", 409)
    member("s3").create_bucket(Bucket="member-own")
    assert [b["Name"] for b in member("s3").list_buckets()["Buckets"]] == ["member-own"]
    assert "member-own" not in [b["Name"] for b in client("s3").list_buckets()["Buckets"]]
