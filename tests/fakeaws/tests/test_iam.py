import json

import botocore.exceptions
import pytest

from .conftest import error_of

DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def doc(d=DOC):
    return json.dumps(d)


def raises(code, status, call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    assert error_of(e) == (code, status)


def test_users_and_groups(client):
    iam = client("iam")
    user = iam.create_user(UserName="alice", Path="/eng/", Tags=[{"Key": "team", "Value": "a"}])["User"]
    assert user["Arn"] == "arn:aws:iam::123456789012:user/eng/alice" and user["UserId"].startswith("AIDA")
    raises("EntityAlreadyExists", 409, iam.create_user, UserName="alice")
    assert iam.get_user(UserName="alice")["User"]["Tags"] == [{"Key": "team", "Value": "a"}]
    raises("NoSuchEntity", 404, iam.get_user, UserName="bob")
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    assert [u["UserName"] for u in iam.get_group(GroupName="devs")["Users"]] == ["alice"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["devs"]
    assert [g["GroupName"] for g in iam.list_groups()["Groups"]] == ["devs"]
    raises("DeleteConflict", 409, iam.delete_user, UserName="alice")
    raises("DeleteConflict", 409, iam.delete_group, GroupName="devs")
    iam.remove_user_from_group(GroupName="devs", UserName="alice")
    iam.update_user(UserName="alice", NewUserName="alice2")
    assert iam.list_users(PathPrefix="/eng/")["Users"][0]["UserName"] == "alice2"
    iam.tag_user(UserName="alice2", Tags=[{"Key": "x", "Value": "1"}])
    iam.untag_user(UserName="alice2", TagKeys=["team"])
    assert iam.list_user_tags(UserName="alice2")["Tags"] == [{"Key": "x", "Value": "1"}]
    iam.delete_user(UserName="alice2")
    iam.delete_group(GroupName="devs")
    assert iam.list_users()["Users"] == []


def test_roles_and_trust_policy(client):
    iam = client("iam")
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=doc(TRUST), Description="d")["Role"]
    assert role["AssumeRolePolicyDocument"] == TRUST  # decoded back from AWS's URL encoding
    new_trust = {**TRUST, "Statement": []}
    iam.update_assume_role_policy(RoleName="app", PolicyDocument=doc(new_trust))
    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == new_trust
    iam.update_role(RoleName="app", Description="new", MaxSessionDuration=7200)
    assert iam.get_role(RoleName="app")["Role"]["MaxSessionDuration"] == 7200
    iam.tag_role(RoleName="app", Tags=[{"Key": "k", "Value": "v"}])
    assert iam.list_role_tags(RoleName="app")["Tags"] == [{"Key": "k", "Value": "v"}]
    iam.untag_role(RoleName="app", TagKeys=["k"])
    raises("MalformedPolicyDocument", 400, iam.create_role, RoleName="bad", AssumeRolePolicyDocument="{nope")
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["app"]


def test_managed_policy_versions(client):
    iam = client("iam")
    arn = iam.create_policy(PolicyName="read", PolicyDocument=doc())["Policy"]["Arn"]
    assert arn == "arn:aws:iam::123456789012:policy/read"
    raises("EntityAlreadyExists", 409, iam.create_policy, PolicyName="read", PolicyDocument=doc())
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(), SetAsDefault=True)
    raises("LimitExceeded", 409, iam.create_policy_version, PolicyArn=arn, PolicyDocument=doc())
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v5"
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in versions] == ["v5", "v4", "v3", "v2", "v1"]
    raises("DeleteConflict", 409, iam.delete_policy_version, PolicyArn=arn, VersionId="v5")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v2")
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]["Document"] == DOC
    raises("DeleteConflict", 409, iam.delete_policy, PolicyArn=arn)
    for v in ("v3", "v4", "v5"):
        iam.delete_policy_version(PolicyArn=arn, VersionId=v)
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "a", "Value": "b"}])
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "a", "Value": "b"}]
    iam.untag_policy(PolicyArn=arn, TagKeys=["a"])
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["read"]
    iam.delete_policy(PolicyArn=arn)
    raises("NoSuchEntity", 404, iam.get_policy, PolicyArn=arn)


@pytest.mark.parametrize("kind", ["User", "Group", "Role"])
def test_attached_and_inline_policies(client, kind):
    iam = client("iam")
    name = {f"{kind}Name": "p1"}
    if kind == "Role":
        iam.create_role(AssumeRolePolicyDocument=doc(TRUST), **name)
    else:
        getattr(iam, f"create_{kind.lower()}")(**name)
    call = lambda op, **kw: getattr(iam, op.format(k=kind.lower()))(**name, **kw)  # noqa: E731
    for arn in ("arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"):
        call("attach_{k}_policy", PolicyArn=arn)
    raises("NoSuchEntity", 404, call, "attach_{k}_policy", PolicyArn="arn:aws:iam::aws:policy/Nope")
    attached = call(f"list_attached_{kind.lower()}_policies")["AttachedPolicies"]
    assert len(attached) == 4 and attached[0]["PolicyName"] == "AdministratorAccess"
    call("put_{k}_policy", PolicyName="inline", PolicyDocument=doc())
    assert call("get_{k}_policy", PolicyName="inline")["PolicyDocument"] == DOC
    assert call("list_{k}_policies")["PolicyNames"] == ["inline"]
    raises("DeleteConflict", 409, call, "delete_{k}")
    for a in attached:
        call("detach_{k}_policy", PolicyArn=a["PolicyArn"])
    raises("DeleteConflict", 409, call, "delete_{k}")
    call("delete_{k}_policy", PolicyName="inline")
    raises("NoSuchEntity", 404, call, "get_{k}_policy", PolicyName="inline")
    call("delete_{k}")


def test_instance_profiles(client):
    iam = client("iam")
    iam.create_role(RoleName="ec2", AssumeRolePolicyDocument=doc(TRUST))
    iam.create_instance_profile(InstanceProfileName="ip")
    iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="ec2")
    profile = iam.get_instance_profile(InstanceProfileName="ip")["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == ["ec2"]
    assert iam.list_instance_profiles_for_role(RoleName="ec2")["InstanceProfiles"][0]["InstanceProfileName"] == "ip"
    raises("DeleteConflict", 409, iam.delete_role, RoleName="ec2")
    raises("DeleteConflict", 409, iam.delete_instance_profile, InstanceProfileName="ip")
    iam.remove_role_from_instance_profile(InstanceProfileName="ip", RoleName="ec2")
    iam.delete_instance_profile(InstanceProfileName="ip")
    assert iam.list_instance_profiles()["InstanceProfiles"] == []


def test_account_authorization_details_paginates(client):
    iam = client("iam")
    for i in range(7):
        iam.create_user(UserName=f"u{i}")
        iam.put_user_policy(UserName=f"u{i}", PolicyName="p", PolicyDocument=doc())
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=doc(TRUST))
    iam.attach_role_policy(RoleName="r", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_policy(PolicyName="mine", PolicyDocument=doc())
    first = iam.get_account_authorization_details(MaxItems=3)
    assert first["IsTruncated"] and len(first["UserDetailList"]) == 3
    pages = list(iam.get_paginator("get_account_authorization_details").paginate(PaginationConfig={"PageSize": 4}))
    users = [u for p in pages for u in p["UserDetailList"]]
    assert len(pages) == 3 and len(users) == 7
    assert users[0]["UserPolicyList"][0]["PolicyDocument"] == DOC
    policies = [p for page in pages for p in page["Policies"]]
    assert {p["PolicyName"] for p in policies} == {"mine", "ReadOnlyAccess"}
    assert policies[0]["PolicyVersionList"][0]["Document"] == DOC
    roles = iam.get_account_authorization_details(Filter=["Role"])["RoleDetailList"]
    assert roles[0]["AttachedManagedPolicies"][0]["PolicyName"] == "ReadOnlyAccess"


def test_list_users_marker_pagination(client):
    iam = client("iam")
    for i in range(25):
        iam.create_user(UserName=f"user{i:02d}")
    page = iam.list_users(MaxItems=10)
    assert page["IsTruncated"] and len(page["Users"]) == 10
    names = [u["UserName"] for p in iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 10})
             for u in p["Users"]]
    assert names == [f"user{i:02d}" for i in range(25)]


def test_cli_iam(aws, client):
    code, out = aws("iam", "create-user", "--user-name", "cli-user")
    assert code == 0 and out["User"]["UserName"] == "cli-user"
    code, out = aws("iam", "create-policy", "--policy-name", "cp", "--policy-document", doc())
    assert code == 0
    assert aws("iam", "attach-user-policy", "--user-name", "cli-user", "--policy-arn", out["Policy"]["Arn"])[0] == 0
    code, out = aws("iam", "get-account-authorization-details", "--page-size", "1")
    assert code == 0 and [u["UserName"] for u in out["UserDetailList"]] == ["cli-user"]
    assert [p["PolicyName"] for p in out["Policies"]] == ["cp"]
    code, out = aws("iam", "list-users")
    assert code == 0 and [u["UserName"] for u in out["Users"]] == ["cli-user"]
    code, err = aws("iam", "get-user", "--user-name", "ghost")
    assert code != 0 and "NoSuchEntity" in err
