"""IAM users' console passwords (login profiles). The password is checked against AWS's default
password policy (no account policy can be set here) and dropped: nothing stores or returns it."""
import string

from ..errors import AwsError
from . import iam

IAM = iam.SERVICE
MIN_LENGTH = 8
# The default policy wants three of these four kinds of character.
CHARACTER_KINDS = (string.ascii_uppercase, string.ascii_lowercase, string.digits,
                   "!@#$%^&*()_+-=[]{}|'")


def _check_password(password):
    if len(password) < MIN_LENGTH:
        raise AwsError("PasswordPolicyViolation", f"Password should have a minimum length of {MIN_LENGTH}")
    kinds = sum(1 for kind in CHARACTER_KINDS if any(c in kind for c in password))
    if kinds < 3:
        raise AwsError("PasswordPolicyViolation", "Password should have characters of three of these "
                       "kinds: uppercase letters, lowercase letters, numbers, symbols")


def _no_profile(name):
    return AwsError("NoSuchEntity", f"Login Profile for User {name} cannot be found.", 404)


def _answer(user, profile):
    return {"LoginProfile": {"UserName": user["UserName"], **profile}}


def _user_and_profile(ctx, name):
    user = iam._principal(ctx, "User", name)
    profile = ctx.state.login_profiles.get(user["UserId"])
    if profile is None:
        raise _no_profile(name)
    return user, profile


@IAM.op("CreateLoginProfile")
def create_login_profile(ctx, p):
    user = iam._principal(ctx, "User", p["UserName"])
    if user["UserId"] in ctx.state.login_profiles:
        raise AwsError("EntityAlreadyExists", f"Login Profile for user {p['UserName']} already exists.", 409)
    _check_password(p["Password"])
    profile = {"CreateDate": ctx.now, "PasswordResetRequired": p.get("PasswordResetRequired", False)}
    ctx.state.login_profiles[user["UserId"]] = profile
    return _answer(user, profile)


@IAM.op("GetLoginProfile")
def get_login_profile(ctx, p):
    return _answer(*_user_and_profile(ctx, p["UserName"]))


@IAM.op("UpdateLoginProfile")
def update_login_profile(ctx, p):
    _, profile = _user_and_profile(ctx, p["UserName"])
    if "Password" in p:
        _check_password(p["Password"])
    if "PasswordResetRequired" in p:
        profile["PasswordResetRequired"] = p["PasswordResetRequired"]
    return {}


@IAM.op("DeleteLoginProfile")
def delete_login_profile(ctx, p):
    user, _ = _user_and_profile(ctx, p["UserName"])
    del ctx.state.login_profiles[user["UserId"]]
    return {}
