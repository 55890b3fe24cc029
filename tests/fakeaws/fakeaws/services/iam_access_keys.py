"""IAM users' access keys. A new key signs requests to the fake at once (the credential store
holds its secret; IAM's state holds only metadata), an Inactive one is refused like an unknown
key, and every signed request records the key's last use."""
from .. import credentials, paging
from ..errors import AwsError
from . import iam

IAM = iam.SERVICE
MAX_KEYS_PER_USER = 2


def target_user(ctx, p):
    """The user named in the request, or else the IAM user whose long-term key signed it."""
    if p.get("UserName"):
        return iam._principal(ctx, "User", p["UserName"])
    if ctx.credential.session_token is not None:
        raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials")
    found = next((u for u in ctx.state.users.values() if u["UserId"] == ctx.credential.user_id), None)
    if found is None:  # the fake's built-in identity is no IAM user of this account
        raise iam._no_such("User", ctx.credential.arn.rsplit("/", 1)[-1])
    return found


def _metadata(ctx, key):
    user = next(u for u in ctx.state.users.values() if u["UserId"] == key["UserId"])
    return {"UserName": user["UserName"], "AccessKeyId": key["AccessKeyId"], "Status": key["Status"],
            "CreateDate": key["CreateDate"]}


def _keys_of(ctx, user):
    return [k for k in ctx.state.access_keys.values() if k["UserId"] == user["UserId"]]


def _key_of(ctx, user, access_key_id):
    key = ctx.state.access_keys.get(access_key_id)
    if key is None or key["UserId"] != user["UserId"]:
        raise AwsError("NoSuchEntity", f"The Access Key with id {access_key_id} cannot be found.", 404)
    return key


@IAM.op("CreateAccessKey")
def create_access_key(ctx, p):
    user = target_user(ctx, p)
    if len(_keys_of(ctx, user)) >= MAX_KEYS_PER_USER:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for AccessKeysPerUser: {MAX_KEYS_PER_USER}",
                       409)
    access_key_id = "AKIA" + ctx.world.new_token(16)
    secret = ctx.credential_store.create_user_key(access_key_id, user["Arn"], user["UserId"],
                                                  ctx.account).secret_key
    key = {"UserId": user["UserId"], "AccessKeyId": access_key_id, "Status": "Active", "CreateDate": ctx.now}
    ctx.state.access_keys[access_key_id] = key
    # The only answer that ever holds the secret.
    return {"AccessKey": {**_metadata(ctx, key), "SecretAccessKey": secret}}


@IAM.op("ListAccessKeys")
def list_access_keys(ctx, p):
    keys = [_metadata(ctx, k) for k in _keys_of(ctx, target_user(ctx, p))]
    page, marker = paging.page(keys, p.get("Marker"), p.get("MaxItems", 100), "ValidationError")
    return {"AccessKeyMetadata": page, "IsTruncated": marker is not None, "Marker": marker}


@IAM.op("UpdateAccessKey")
def update_access_key(ctx, p):
    key = _key_of(ctx, target_user(ctx, p), p["AccessKeyId"])
    key["Status"] = p["Status"]
    ctx.credential_store.set_active(key["AccessKeyId"], p["Status"] == "Active")
    return {}


@IAM.op("DeleteAccessKey")
def delete_access_key(ctx, p):
    key = _key_of(ctx, target_user(ctx, p), p["AccessKeyId"])
    del ctx.state.access_keys[key["AccessKeyId"]]
    ctx.credential_store.remove(key["AccessKeyId"])
    return {}


@IAM.op("GetAccessKeyLastUsed")
def get_access_key_last_used(ctx, p):
    access_key_id = p["AccessKeyId"]
    if access_key_id == credentials.ACCESS_KEY_ID:
        user_name = credentials.USER_NAME
    elif access_key_id in ctx.state.access_keys:
        user_name = _metadata(ctx, ctx.state.access_keys[access_key_id])["UserName"]
    else:
        raise AwsError("NoSuchEntity", f"The Access Key with id {access_key_id} cannot be found.", 404)
    use = ctx.credential_store.last_use(access_key_id)
    last_used = ({"LastUsedDate": use.when, "ServiceName": use.service, "Region": use.region} if use
                 else {"ServiceName": "N/A", "Region": "N/A"})
    return {"UserName": user_name, "AccessKeyLastUsed": last_used}
