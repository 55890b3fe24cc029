"""IAM's propagation delay as other services see it: a role created moments ago exists in IAM
but cannot be assumed by Lambda, CodeBuild or ECS yet, and they refuse it in their own words.

`iam_role_propagation_seconds` in /_fake/config sets the window (0, the default, means at once).
Roles are read from the IAM state as iam.py keeps them: by name, with "Arn" and "_created".
"""


def role_named(ctx, name_or_arn):
    """The IAM role an ARN, or a name with or without its path, refers to; None if none does."""
    roles = ctx.world.state("iam", "global", ctx.account).roles
    for role in roles.values():
        path_and_name = role["Path"].lstrip("/") + role["RoleName"]
        if name_or_arn in (role["Arn"], role["RoleName"], path_and_name, "/" + path_and_name):
            return role
    return None


def assumable(ctx, name_or_arn):
    """True if the role exists and is old enough for a service to assume it."""
    role = role_named(ctx, name_or_arn)
    if role is None:
        return False
    return ctx.now >= role["_created"] + ctx.world.timings["iam_role_propagation_seconds"]
