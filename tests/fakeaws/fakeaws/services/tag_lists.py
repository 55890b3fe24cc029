"""Tags as most services keep them: a list of {"Key": k, "Value": v} (the member names vary),
merged by key. Each service raises its own errors; these only do the list arithmetic."""


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
