"""IAM access keys (valid for signing against the fake) and login profiles."""
from .conftest import raises, response_bodies

PASSWORD = "Correct-Horse-9"


def as_key(client, key, service="sts", **overrides):
    return client(service, aws_access_key_id=key["AccessKeyId"],
                  aws_secret_access_key=key["SecretAccessKey"], **overrides)


def test_access_keys_sign_requests(client):
    iam = client("iam")
    user = iam.create_user(UserName="deploy")["User"]
    with response_bodies(iam, "iam") as bodies:
        key = iam.create_access_key(UserName="deploy")["AccessKey"]
        listed = iam.list_access_keys(UserName="deploy")["AccessKeyMetadata"]
    assert key["Status"] == "Active" and key["AccessKeyId"].startswith("AKIA") and len(key["SecretAccessKey"]) == 40
    assert [k["AccessKeyId"] for k in listed] == [key["AccessKeyId"]] and "SecretAccessKey" not in listed[0]
    assert key["SecretAccessKey"].encode() not in bodies[1]  # the secret is in CreateAccessKey's answer only
    never = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert never["UserName"] == "deploy" and never["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    assert as_key(client, key).get_caller_identity()["Arn"] == user["Arn"]
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "sts" and used["Region"] == "us-east-1" and "LastUsedDate" in used
    # Without UserName, IAM acts on the user whose key signed the request.
    own = as_key(client, key, "iam").list_access_keys()["AccessKeyMetadata"]
    assert [k["UserName"] for k in own] == ["deploy"]
    raises("NoSuchEntity", 404, iam.list_access_keys)  # the fake's built-in identity is no IAM user
    session = as_key(client, key).get_session_token()["Credentials"]
    raises("ValidationError", 400, as_key(client, session, "iam", aws_session_token=session["SessionToken"])
           .list_access_keys)


def test_two_keys_at_most_and_inactive_keys_are_refused(client):
    iam = client("iam")
    iam.create_user(UserName="ci")
    first = iam.create_access_key(UserName="ci")["AccessKey"]
    second = iam.create_access_key(UserName="ci")["AccessKey"]
    raises("LimitExceeded", 409, iam.create_access_key, UserName="ci")
    page = iam.list_access_keys(UserName="ci", MaxItems=1)
    assert page["IsTruncated"] and len(page["AccessKeyMetadata"]) == 1
    rest = iam.list_access_keys(UserName="ci", Marker=page["Marker"])["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in page["AccessKeyMetadata"] + rest] == [first["AccessKeyId"], second["AccessKeyId"]]
    iam.update_access_key(UserName="ci", AccessKeyId=first["AccessKeyId"], Status="Inactive")
    assert iam.list_access_keys(UserName="ci")["AccessKeyMetadata"][0]["Status"] == "Inactive"
    raises("InvalidClientTokenId", 403, as_key(client, first).get_caller_identity)
    iam.update_access_key(UserName="ci", AccessKeyId=first["AccessKeyId"], Status="Active")
    as_key(client, first).get_caller_identity()
    iam.delete_access_key(UserName="ci", AccessKeyId=first["AccessKeyId"])
    raises("InvalidClientTokenId", 403, as_key(client, first).get_caller_identity)
    raises("NoSuchEntity", 404, iam.delete_access_key, UserName="ci", AccessKeyId=first["AccessKeyId"])
    iam.create_user(UserName="other")
    raises("NoSuchEntity", 404, iam.update_access_key, UserName="other", AccessKeyId=second["AccessKeyId"],
           Status="Inactive")
    raises("NoSuchEntity", 404, iam.create_access_key, UserName="ghost")


def test_login_profiles(client):
    iam = client("iam")
    iam.create_user(UserName="ops")
    raises("NoSuchEntity", 404, iam.get_login_profile, UserName="ops")
    raises("PasswordPolicyViolation", 400, iam.create_login_profile, UserName="ops", Password="Ab1-")
    raises("PasswordPolicyViolation", 400, iam.create_login_profile, UserName="ops", Password="alllowercase")
    with response_bodies(iam, "iam") as bodies:
        created = iam.create_login_profile(UserName="ops", Password=PASSWORD, PasswordResetRequired=True)
    assert created["LoginProfile"]["UserName"] == "ops" and PASSWORD.encode() not in bodies[0]
    raises("EntityAlreadyExists", 409, iam.create_login_profile, UserName="ops", Password=PASSWORD)
    assert iam.get_login_profile(UserName="ops")["LoginProfile"]["PasswordResetRequired"] is True
    iam.update_login_profile(UserName="ops", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="ops")["LoginProfile"]["PasswordResetRequired"] is False
    raises("PasswordPolicyViolation", 400, iam.update_login_profile, UserName="ops", Password="short")
    iam.delete_login_profile(UserName="ops")
    raises("NoSuchEntity", 404, iam.delete_login_profile, UserName="ops")


def test_delete_user_waits_for_keys_and_profile(client, fake):
    iam = client("iam")
    iam.create_user(UserName="leaver")
    key = iam.create_access_key(UserName="leaver")["AccessKey"]
    iam.create_login_profile(UserName="leaver", Password=PASSWORD)
    iam.update_user(UserName="leaver", NewUserName="left")  # keys and profile follow the user
    raises("DeleteConflict", 409, iam.delete_user, UserName="left")
    iam.delete_access_key(UserName="left", AccessKeyId=key["AccessKeyId"])
    raises("DeleteConflict", 409, iam.delete_user, UserName="left")
    assert iam.get_login_profile(UserName="left")["LoginProfile"]["UserName"] == "left"
    iam.delete_login_profile(UserName="left")
    iam.delete_user(UserName="left")
    assert "SecretAccessKey" not in str(fake.control("GET", "/_fake/state"))


def test_cli_access_keys_and_login_profile(aws_batch):
    run = aws_batch
    assert run("iam", "create-user", "--user-name", "cli")[0] == 0
    code, out = run("iam", "create-access-key", "--user-name", "cli")
    assert code == 0 and out["AccessKey"]["SecretAccessKey"]
    listed = run("iam", "list-access-keys", "--user-name", "cli")[1]["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in listed] == [out["AccessKey"]["AccessKeyId"]]
    assert run("iam", "create-login-profile", "--user-name", "cli", "--password", PASSWORD,
               "--password-reset-required")[0] == 0
    code, err = run("iam", "delete-user", "--user-name", "cli")
    assert code != 0 and "DeleteConflict" in err
    code, err = run("iam", "create-login-profile", "--user-name", "cli", "--password", "x")
    assert code != 0 and "EntityAlreadyExists" in err
