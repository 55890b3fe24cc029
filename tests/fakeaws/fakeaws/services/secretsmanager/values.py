"""Secret values: GetSecretValue (by staging label or version id) and PutSecretValue."""
from ...errors import AwsError
from .common import SERVICE, add_version, day_of, refuse_if_managed, secret_of, value_of, version_with


@SERVICE.op("GetSecretValue")
def get_secret_value(ctx, p):
    secret = secret_of(ctx, p["SecretId"])
    version_id, stage = p.get("VersionId"), p.get("VersionStage")
    if version_id is None:
        stage = stage or "AWSCURRENT"
        version_id = version_with(secret, stage)
    version = secret["_versions"].get(version_id)
    if version is None or (stage is not None and stage not in version["stages"]):
        wanted = f"staging label: {stage}" if stage else f"VersionId: {version_id}"
        raise AwsError("ResourceNotFoundException", f"Secrets Manager can't find the specified secret value "
                       f"for {wanted}")
    secret["LastAccessedDate"] = day_of(ctx.now)
    kind, value = version["value"]
    return {"ARN": secret["ARN"], "Name": secret["Name"], "VersionId": version_id, kind: value,
            "VersionStages": list(version["stages"]), "CreatedDate": version["created"]}


@SERVICE.op("PutSecretValue")
def put_secret_value(ctx, p):
    secret = secret_of(ctx, p["SecretId"])
    refuse_if_managed(secret)
    value = value_of(p, required=True)
    version_id, version = add_version(ctx, secret, p.get("ClientRequestToken"), value,
                                      p.get("VersionStages") or ("AWSCURRENT",))
    return {"ARN": secret["ARN"], "Name": secret["Name"], "VersionId": version_id,
            "VersionStages": list(version["stages"])}
