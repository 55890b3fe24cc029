"""The role AWS Organizations leaves in every member account it creates:
`OrganizationAccountAccessRole`, with administrator rights, trusting the management account.

The long-term test key belongs to the management account (credentials.ACCOUNT_ID); any other
12-digit account is a member, so `sts:AssumeRole` of
`arn:aws:iam::<member>:role/OrganizationAccountAccessRole` works from the start, and its
credentials see only that member's resources.
"""
import json

from .. import credentials
from . import iam

ROLE_NAME = "OrganizationAccountAccessRole"
ADMINISTRATOR = "arn:aws:iam::aws:policy/AdministratorAccess"


def _trust(management):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{management}:root"},
        "Action": "sts:AssumeRole"}]})


def populate(ctx):
    """Fill a member account's new IAM state; the management account has no such role."""
    if ctx.account == credentials.ACCOUNT_ID:
        return
    extra = {"AssumeRolePolicyDocument": _trust(credentials.ACCOUNT_ID), "MaxSessionDuration": 3600}
    iam._new_entity(ctx, "Role", {"RoleName": ROLE_NAME}, extra)
    ctx.state.attached[("Role", ROLE_NAME)].append(ADMINISTRATOR)


iam.SERVICE.populate = populate
