"""STS: who am I, and temporary credentials the fake then accepts for signing."""
from ..errors import AwsError
from .registry import Service

SERVICE = Service("sts", regional=False,
                  unsigned=("AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"))


@SERVICE.op("GetCallerIdentity")
def get_caller_identity(ctx, params):
    cred = ctx.credential
    return {"UserId": cred.user_id, "Account": ctx.account, "Arn": cred.arn}


def _account_of(role_arn):
    """The 12-digit account of arn:aws:iam::ACCOUNT:role/NAME, or None."""
    parts = role_arn.split(":")
    if len(parts) == 6 and parts[4].isdigit() and len(parts[4]) == 12:
        return parts[4]
    return None


def _role(ctx, role_arn):
    """The role, looked up in the account its ARN names: a role of another account issues
    credentials in that account (organization_access.py gives every member account one)."""
    name = role_arn.rsplit("/", 1)[-1]
    account = _account_of(role_arn)
    role = ctx.world.state("iam", "global", account).roles.get(name) if account else None
    if role is None or role["Arn"] != role_arn:
        raise AwsError("AccessDenied", f"User: {ctx.credential.arn} is not authorized to perform: "
                       f"sts:AssumeRole on resource: {role_arn}", 403)
    return role


def _issue(ctx, role, session_name, duration):
    max_duration = role.get("MaxSessionDuration", 3600)
    if duration > max_duration:
        raise AwsError("ValidationError", f"The requested DurationSeconds exceeds the "
                       f"MaxSessionDuration set for this role.")
    user_id = f"{role['RoleId']}:{session_name}"
    account = _account_of(role["Arn"])
    arn = f"arn:aws:sts::{account}:assumed-role/{role['RoleName']}/{session_name}"
    cred = ctx.credential_store.issue(duration, arn, user_id, account)
    return {
        "Credentials": {"AccessKeyId": cred.access_key, "SecretAccessKey": cred.secret_key,
                        "SessionToken": cred.session_token, "Expiration": cred.expires_at},
        "AssumedRoleUser": {"AssumedRoleId": user_id, "Arn": arn},
        "PackedPolicySize": 6,
    }


@SERVICE.op("AssumeRole")
def assume_role(ctx, params):
    role = _role(ctx, params["RoleArn"])
    return _issue(ctx, role, params["RoleSessionName"], params.get("DurationSeconds", 3600))


@SERVICE.op("AssumeRoleWithWebIdentity")
def assume_role_with_web_identity(ctx, params):
    token = params["WebIdentityToken"]
    if token.count(".") != 2:  # a JWT is header.payload.signature
        raise AwsError("InvalidIdentityToken", "The web identity token is not a valid JWT.")
    role = _role(ctx, params["RoleArn"])
    result = _issue(ctx, role, params["RoleSessionName"], params.get("DurationSeconds", 3600))
    result.update({"SubjectFromWebIdentityToken": "fakeaws-subject",
                   "Provider": params.get("ProviderId", "fakeaws.local"),
                   "Audience": "sts.amazonaws.com"})
    return result


@SERVICE.op("GetSessionToken")
def get_session_token(ctx, params):
    duration = params.get("DurationSeconds", 43200)
    caller = ctx.credential
    cred = ctx.credential_store.issue(duration, caller.arn, caller.user_id, caller.account)
    return {"Credentials": {"AccessKeyId": cred.access_key, "SecretAccessKey": cred.secret_key,
                            "SessionToken": cred.session_token, "Expiration": cred.expires_at}}
