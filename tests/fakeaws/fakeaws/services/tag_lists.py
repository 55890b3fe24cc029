"""Tags as most services keep them: a list of {"Key": k, "Value": v} (the member names vary),
merged by key, and the by-ARN TagResource/UntagResource/ListTagsForResource trio several
services share. Each service passes the errors it answers in its own words."""


def merged(current, new, key="Key", value="Value"):
    """current with new applied: a new value replaces an old one in place, new keys go last."""
    result = {t[key]: t.get(value, "") for t in current}
    result.update({t[key]: t.get(value, "") for t in new})
    return [{key: k, value: v} for k, v in result.items()]


def without(current, keys, key="Key"):
    drop = set(keys)
    return [t for t in current if t[key] not in drop]


def reserved_key(keys):
    """The first key in AWS's reserved `aws:` namespace, or None."""
    return next((k for k in keys if k.lower().startswith("aws:")), None)


def checked(current, new, limit, reserved, too_many):
    """current with new merged in; raises `reserved` for an aws: key, `too_many` past limit."""
    if reserved_key(t["Key"] for t in new):
        raise reserved
    tags = merged(current, new)
    if len(tags) > limit:
        raise too_many
    return tags


def register_by_arn(service, find, check, arn_member, tags_member="Tags", keys_member="TagKeys"):
    """TagResource, UntagResource and ListTagsForResource for records find(ctx, arn) returns,
    which keep their tags under "_tags"; check(current, new) merges and enforces limits."""
    @service.op("TagResource")
    def tag_resource(ctx, p):
        record = find(ctx, p[arn_member])
        record["_tags"] = check(record["_tags"], p[tags_member])
        return {}

    @service.op("UntagResource")
    def untag_resource(ctx, p):
        record = find(ctx, p[arn_member])
        record["_tags"] = without(record["_tags"], p[keys_member])
        return {}

    @service.op("ListTagsForResource")
    def list_tags_for_resource(ctx, p):
        return {tags_member: list(find(ctx, p[arn_member])["_tags"])}
