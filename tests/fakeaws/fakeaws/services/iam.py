"""IAM: users, groups, roles, managed and inline policies, instance profiles, tags.

Users, groups and roles behave alike for policies and tags, so those operations
are generated from the PRINCIPALS table instead of written three times.
"""
import json
from dataclasses import dataclass
from urllib.parse import quote

from .. import paging
from ..errors import AwsError
from . import iam_policies
from .registry import Service

MAX_POLICY_VERSIONS = 5


@dataclass(frozen=True)
class Principal:
    kind: str       # "User", used in operation names
    store: str      # attribute of IamState holding them by name
    id_prefix: str  # AIDA, AGPA, AROA: what AWS's unique ids start with


PRINCIPALS = {
    "User": Principal("User", "users", "AIDA"),
    "Group": Principal("Group", "groups", "AGPA"),
    "Role": Principal("Role", "roles", "AROA"),
}


class IamState:
    def __init__(self, region=None):
        self.users, self.groups, self.roles = {}, {}, {}
        self.policies = {}           # arn -> policy (AWS-managed ones included)
        self.instance_profiles = {}
        self.group_members = {}      # group name -> list of user names, in join order
        self.access_keys = {}        # access key id -> metadata (iam_access_keys.py)
        self.login_profiles = {}     # user id -> login profile, password dropped (iam_login_profiles.py)
        self.attached = {}           # (kind, name) -> list of policy arns
        self.inline = {}             # (kind, name) -> {policy name: document}
        for path, name in iam_policies.AWS_MANAGED:
            arn = iam_policies.arn_of(path, name)
            self.policies[arn] = _policy_record(name, arn, path, "ANPAAWSMANAGED" + name.upper()[:8],
                                                iam_policies.DOCUMENT, 0.0, "")

    def dump(self):
        return {"users": list(self.users), "groups": list(self.groups), "roles": list(self.roles),
                "policies": [a for a in self.policies if ":aws:policy" not in a],
                "instance_profiles": list(self.instance_profiles), "access_keys": list(self.access_keys)}


SERVICE = Service("iam", regional=False, state=IamState)


# --- helpers -----------------------------------------------------------------

def _exists(what, name):
    return AwsError("EntityAlreadyExists", f"{what} with name {name} already exists.", 409)


def _no_such(what, name):
    return AwsError("NoSuchEntity", f"The {what.lower()} with name {name} cannot be found.", 404)


def _conflict(message):
    return AwsError("DeleteConflict", message, 409)


def _new_id(ctx, prefix):
    return prefix + ctx.world.new_token(17)


def _check_document(document):
    try:
        json.loads(document)
    except ValueError:
        raise AwsError("MalformedPolicyDocument", "This policy contains invalid Json")
    return document


def encoded(document):
    """IAM returns policy documents URL-encoded; botocore decodes them again."""
    return quote(document, safe="")


def _principal(ctx, kind, name):
    found = getattr(ctx.state, PRINCIPALS[kind].store).get(name)
    if found is None:
        raise _no_such(kind, name)
    return found


def _policy(ctx, arn):
    found = ctx.state.policies.get(arn)
    if found is None:
        raise AwsError("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.", 404)
    return found


def _listing(ctx, items, params, key):
    """IAM's Marker/IsTruncated/MaxItems paging over visible items."""
    prefix = params.get("PathPrefix", "/")
    visible = [i for i in items if ctx.visible(i["_created"]) and i.get("Path", "/").startswith(prefix)]
    page, marker = paging.page(visible, params.get("Marker"), params.get("MaxItems", 100), "ValidationError")
    return {key: page, "IsTruncated": marker is not None, "Marker": marker}


def _merge_tags(tags, new):
    merged = {t["Key"]: t["Value"] for t in tags}
    merged.update({t["Key"]: t["Value"] for t in new})
    return [{"Key": k, "Value": v} for k, v in merged.items()]


def _new_entity(ctx, kind, params, extra):
    principal = PRINCIPALS[kind]
    store = getattr(ctx.state, principal.store)
    name = params[f"{kind}Name"]
    if name in store:
        raise _exists(kind, name)
    path = params.get("Path", "/")
    entity = {f"{kind}Name": name, f"{kind}Id": _new_id(ctx, principal.id_prefix), "Path": path,
              "Arn": f"arn:aws:iam::{ctx.account}:{kind.lower()}{path}{name}",
              "CreateDate": ctx.now, "_created": ctx.now, **extra}
    if "Tags" in params:
        entity["Tags"] = _merge_tags([], params["Tags"])
    store[name] = entity
    ctx.state.attached[(kind, name)] = []
    ctx.state.inline[(kind, name)] = {}
    return entity


def _public(entity):
    return {k: v for k, v in entity.items() if not k.startswith("_")}


# --- users and groups ----------------------------------------------------------

@SERVICE.op("CreateUser")
def create_user(ctx, p):
    return {"User": _new_entity(ctx, "User", p, {})}


@SERVICE.op("GetUser")
def get_user(ctx, p):
    name = p.get("UserName")
    if name is None:  # no name: the caller itself
        return {"User": {"UserName": "fakeaws-admin", "UserId": ctx.credential.user_id, "Path": "/",
                         "Arn": ctx.credential.arn, "CreateDate": 0.0}}
    return {"User": _principal(ctx, "User", name)}


@SERVICE.op("ListUsers")
def list_users(ctx, p):
    return _listing(ctx, list(ctx.state.users.values()), p, "Users")


@SERVICE.op("UpdateUser")
def update_user(ctx, p):
    user = _principal(ctx, "User", p["UserName"])
    _rename(ctx, "User", user, p.get("NewUserName"), p.get("NewPath"))
    return {}


def _rename(ctx, kind, entity, new_name, new_path):
    store = getattr(ctx.state, PRINCIPALS[kind].store)
    old = entity[f"{kind}Name"]
    if new_name and new_name != old:
        if new_name in store:
            raise _exists(kind, new_name)
        store[new_name] = store.pop(old)
        for table in (ctx.state.attached, ctx.state.inline):
            table[(kind, new_name)] = table.pop((kind, old))
        entity[f"{kind}Name"] = new_name
    if new_path:
        entity["Path"] = new_path
    entity["Arn"] = f"arn:aws:iam::{ctx.account}:{kind.lower()}{entity['Path']}{entity[f'{kind}Name']}"


@SERVICE.op("DeleteUser")
def delete_user(ctx, p):
    name = p["UserName"]
    user_id = _principal(ctx, "User", name)["UserId"]
    if any(name in members for members in ctx.state.group_members.values()):
        raise _conflict("Cannot delete entity, must remove users from group first.")
    if any(key["UserId"] == user_id for key in ctx.state.access_keys.values()):
        raise _conflict("Cannot delete entity, must delete access keys first.")
    if user_id in ctx.state.login_profiles:
        raise _conflict("Cannot delete entity, must delete login profile first.")
    _delete_principal(ctx, "User", name)
    return {}


def _delete_principal(ctx, kind, name):
    if ctx.state.attached[(kind, name)]:
        raise _conflict("Cannot delete entity, must detach all policies first.")
    if ctx.state.inline[(kind, name)]:
        raise _conflict("Cannot delete entity, must delete policies first.")
    del getattr(ctx.state, PRINCIPALS[kind].store)[name]
    del ctx.state.attached[(kind, name)]
    del ctx.state.inline[(kind, name)]


@SERVICE.op("CreateGroup")
def create_group(ctx, p):
    group = _new_entity(ctx, "Group", p, {})
    ctx.state.group_members[group["GroupName"]] = []
    return {"Group": group}


@SERVICE.op("GetGroup")
def get_group(ctx, p):
    group = _principal(ctx, "Group", p["GroupName"])
    users = [ctx.state.users[u] for u in ctx.state.group_members[group["GroupName"]]]
    result = _listing(ctx, users, {**p, "PathPrefix": "/"}, "Users")
    result["Group"] = group
    return result


@SERVICE.op("ListGroups")
def list_groups(ctx, p):
    return _listing(ctx, list(ctx.state.groups.values()), p, "Groups")


@SERVICE.op("ListGroupsForUser")
def list_groups_for_user(ctx, p):
    user = p["UserName"]
    _principal(ctx, "User", user)
    groups = [ctx.state.groups[g] for g, members in ctx.state.group_members.items() if user in members]
    return _listing(ctx, groups, p, "Groups")


@SERVICE.op("DeleteGroup")
def delete_group(ctx, p):
    name = p["GroupName"]
    _principal(ctx, "Group", name)
    if ctx.state.group_members[name]:
        raise _conflict("Cannot delete entity, must remove users from group first.")
    _delete_principal(ctx, "Group", name)
    del ctx.state.group_members[name]
    return {}


@SERVICE.op("AddUserToGroup")
def add_user_to_group(ctx, p):
    _principal(ctx, "Group", p["GroupName"])
    _principal(ctx, "User", p["UserName"])
    members = ctx.state.group_members[p["GroupName"]]
    if p["UserName"] not in members:
        members.append(p["UserName"])
    return {}


@SERVICE.op("RemoveUserFromGroup")
def remove_user_from_group(ctx, p):
    _principal(ctx, "Group", p["GroupName"])
    _principal(ctx, "User", p["UserName"])
    members = ctx.state.group_members[p["GroupName"]]
    if p["UserName"] not in members:
        raise AwsError("NoSuchEntity", f"User {p['UserName']} is not in group {p['GroupName']}.", 404)
    members.remove(p["UserName"])
    return {}


# --- roles -----------------------------------------------------------------

@SERVICE.op("CreateRole")
def create_role(ctx, p):
    extra = {"AssumeRolePolicyDocument": _check_document(p["AssumeRolePolicyDocument"]),
             "MaxSessionDuration": p.get("MaxSessionDuration", 3600)}
    if "Description" in p:
        extra["Description"] = p["Description"]
    return {"Role": _role_out(_new_entity(ctx, "Role", p, extra))}


def _role_out(role):
    return {**role, "AssumeRolePolicyDocument": encoded(role["AssumeRolePolicyDocument"])}


@SERVICE.op("GetRole")
def get_role(ctx, p):
    return {"Role": _role_out(_principal(ctx, "Role", p["RoleName"]))}


@SERVICE.op("ListRoles")
def list_roles(ctx, p):
    result = _listing(ctx, list(ctx.state.roles.values()), p, "Roles")
    result["Roles"] = [_role_out(r) for r in result["Roles"]]
    return result


@SERVICE.op("UpdateRole")
def update_role(ctx, p):
    role = _principal(ctx, "Role", p["RoleName"])
    for key in ("Description", "MaxSessionDuration"):
        if key in p:
            role[key] = p[key]
    return {}


@SERVICE.op("UpdateAssumeRolePolicy")
def update_assume_role_policy(ctx, p):
    role = _principal(ctx, "Role", p["RoleName"])
    role["AssumeRolePolicyDocument"] = _check_document(p["PolicyDocument"])
    return {}


@SERVICE.op("DeleteRole")
def delete_role(ctx, p):
    name = p["RoleName"]
    _principal(ctx, "Role", name)
    if any(name in ip["_roles"] for ip in ctx.state.instance_profiles.values()):
        raise _conflict("Cannot delete entity, must remove roles from instance profile first.")
    _delete_principal(ctx, "Role", name)
    return {}


# --- managed policies and their versions --------------------------------------

def _policy_record(name, arn, path, policy_id, document, now, description):
    version = {"Document": document, "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": now}
    return {"PolicyName": name, "PolicyId": policy_id, "Arn": arn, "Path": path,
            "DefaultVersionId": "v1", "AttachmentCount": 0, "PermissionsBoundaryUsageCount": 0,
            "IsAttachable": True, "Description": description, "CreateDate": now, "UpdateDate": now,
            "_created": now, "_versions": {"v1": version}, "_next_version": 2}


@SERVICE.op("CreatePolicy")
def create_policy(ctx, p):
    path = p.get("Path", "/")
    arn = f"arn:aws:iam::{ctx.account}:policy{path}{p['PolicyName']}"
    if arn in ctx.state.policies:
        raise AwsError("EntityAlreadyExists", f"A policy called {p['PolicyName']} already exists. "
                       "Duplicate names are not allowed.", 409)
    policy = _policy_record(p["PolicyName"], arn, path, _new_id(ctx, "ANPA"),
                            _check_document(p["PolicyDocument"]), ctx.now, p.get("Description"))
    if "Tags" in p:
        policy["Tags"] = _merge_tags([], p["Tags"])
    ctx.state.policies[arn] = policy
    return {"Policy": policy}


@SERVICE.op("GetPolicy")
def get_policy(ctx, p):
    return {"Policy": _policy(ctx, p["PolicyArn"])}


@SERVICE.op("ListPolicies")
def list_policies(ctx, p):
    scope = p.get("Scope", "All")
    policies = [pol for arn, pol in ctx.state.policies.items()
                if scope == "All" or (scope == "AWS") == (":aws:policy" in arn)]
    if p.get("OnlyAttached"):
        policies = [pol for pol in policies if pol["AttachmentCount"] > 0]
    return _listing(ctx, policies, p, "Policies")


@SERVICE.op("DeletePolicy")
def delete_policy(ctx, p):
    policy = _policy(ctx, p["PolicyArn"])
    if policy["AttachmentCount"]:
        raise _conflict("Cannot delete a policy attached to entities.")
    if len(policy["_versions"]) > 1:
        raise _conflict("This policy has more than one version. Before you delete a policy, "
                        "you must delete the policy's versions. The default version is deleted "
                        "with the policy.")
    del ctx.state.policies[p["PolicyArn"]]
    return {}


def _version_out(version):
    return {**version, "Document": encoded(version["Document"])}


@SERVICE.op("CreatePolicyVersion")
def create_policy_version(ctx, p):
    policy = _policy(ctx, p["PolicyArn"])
    versions = policy["_versions"]
    if len(versions) >= MAX_POLICY_VERSIONS:
        raise AwsError("LimitExceeded", f"A managed policy can have up to {MAX_POLICY_VERSIONS} "
                       "versions. Before you create a new version, you must delete an existing version.", 409)
    version_id = f"v{policy['_next_version']}"
    policy["_next_version"] += 1
    versions[version_id] = {"Document": _check_document(p["PolicyDocument"]), "VersionId": version_id,
                            "IsDefaultVersion": False, "CreateDate": ctx.now}
    if p.get("SetAsDefault"):
        _set_default(policy, version_id, ctx.now)
    return {"PolicyVersion": _version_out(versions[version_id])}


def _set_default(policy, version_id, now):
    for vid, version in policy["_versions"].items():
        version["IsDefaultVersion"] = vid == version_id
    policy["DefaultVersionId"] = version_id
    policy["UpdateDate"] = now


def _version(policy, version_id):
    found = policy["_versions"].get(version_id)
    if found is None:
        raise AwsError("NoSuchEntity", f"Policy {policy['Arn']} version {version_id} does not exist "
                       "or is not attachable.", 404)
    return found


@SERVICE.op("GetPolicyVersion")
def get_policy_version(ctx, p):
    policy = _policy(ctx, p["PolicyArn"])
    return {"PolicyVersion": _version_out(_version(policy, p["VersionId"]))}


@SERVICE.op("ListPolicyVersions")
def list_policy_versions(ctx, p):
    policy = _policy(ctx, p["PolicyArn"])
    # Newest first, as AWS lists them.
    versions = [{**v, "_created": 0.0} for v in reversed(list(policy["_versions"].values()))]
    versions = [{k: v for k, v in ver.items() if k != "Document"} for ver in versions]
    return _listing(ctx, versions, p, "Versions")


@SERVICE.op("SetDefaultPolicyVersion")
def set_default_policy_version(ctx, p):
    policy = _policy(ctx, p["PolicyArn"])
    _version(policy, p["VersionId"])
    _set_default(policy, p["VersionId"], ctx.now)
    return {}


@SERVICE.op("DeletePolicyVersion")
def delete_policy_version(ctx, p):
    policy = _policy(ctx, p["PolicyArn"])
    version = _version(policy, p["VersionId"])
    if version["IsDefaultVersion"]:
        raise _conflict("Cannot delete the default version of a policy.")
    del policy["_versions"][p["VersionId"]]
    return {}


# --- attachments and inline policies, generated per principal kind --------------

def _make_attach(kind):
    def attach(ctx, p):
        _principal(ctx, kind, p[f"{kind}Name"])
        policy = _policy(ctx, p["PolicyArn"])
        arns = ctx.state.attached[(kind, p[f"{kind}Name"])]
        if policy["Arn"] not in arns:
            arns.append(policy["Arn"])
            policy["AttachmentCount"] += 1
        return {}
    return attach


def _make_detach(kind):
    def detach(ctx, p):
        _principal(ctx, kind, p[f"{kind}Name"])
        policy = _policy(ctx, p["PolicyArn"])
        arns = ctx.state.attached[(kind, p[f"{kind}Name"])]
        if policy["Arn"] not in arns:
            raise AwsError("NoSuchEntity", f"Policy {policy['Arn']} was not found.", 404)
        arns.remove(policy["Arn"])
        policy["AttachmentCount"] -= 1
        return {}
    return detach


def _attached_list(ctx, kind, name):
    return [{"PolicyName": ctx.state.policies[a]["PolicyName"], "PolicyArn": a}
            for a in ctx.state.attached[(kind, name)]]


def _make_list_attached(kind):
    def list_attached(ctx, p):
        _principal(ctx, kind, p[f"{kind}Name"])
        items = [{**a, "_created": 0.0} for a in _attached_list(ctx, kind, p[f"{kind}Name"])]
        return _listing(ctx, items, {**p, "PathPrefix": "/"}, "AttachedPolicies")
    return list_attached


def _make_put_inline(kind):
    def put_inline(ctx, p):
        _principal(ctx, kind, p[f"{kind}Name"])
        ctx.state.inline[(kind, p[f"{kind}Name"])][p["PolicyName"]] = _check_document(p["PolicyDocument"])
        return {}
    return put_inline


def _inline_document(ctx, kind, p):
    _principal(ctx, kind, p[f"{kind}Name"])
    document = ctx.state.inline[(kind, p[f"{kind}Name"])].get(p["PolicyName"])
    if document is None:
        raise AwsError("NoSuchEntity", f"The {kind.lower()} policy with name {p['PolicyName']} "
                       "cannot be found.", 404)
    return document


def _make_get_inline(kind):
    def get_inline(ctx, p):
        document = _inline_document(ctx, kind, p)
        return {f"{kind}Name": p[f"{kind}Name"], "PolicyName": p["PolicyName"],
                "PolicyDocument": encoded(document)}
    return get_inline


def _make_delete_inline(kind):
    def delete_inline(ctx, p):
        _inline_document(ctx, kind, p)
        del ctx.state.inline[(kind, p[f"{kind}Name"])][p["PolicyName"]]
        return {}
    return delete_inline


def _make_list_inline(kind):
    def list_inline(ctx, p):
        _principal(ctx, kind, p[f"{kind}Name"])
        names = list(ctx.state.inline[(kind, p[f"{kind}Name"])])
        page, marker = paging.page(names, p.get("Marker"), p.get("MaxItems", 100), "ValidationError")
        return {"PolicyNames": page, "IsTruncated": marker is not None, "Marker": marker}
    return list_inline


for _kind in PRINCIPALS:
    SERVICE.op(f"Attach{_kind}Policy")(_make_attach(_kind))
    SERVICE.op(f"Detach{_kind}Policy")(_make_detach(_kind))
    SERVICE.op(f"ListAttached{_kind}Policies")(_make_list_attached(_kind))
    SERVICE.op(f"Put{_kind}Policy")(_make_put_inline(_kind))
    SERVICE.op(f"Get{_kind}Policy")(_make_get_inline(_kind))
    SERVICE.op(f"Delete{_kind}Policy")(_make_delete_inline(_kind))
    SERVICE.op(f"List{_kind}Policies")(_make_list_inline(_kind))


# --- tags, generated per taggable resource ---------------------------------------

# Operation suffix -> (request member naming it, how to find it).
TAGGABLE = {
    "User": ("UserName", lambda ctx, n: _principal(ctx, "User", n)),
    "Role": ("RoleName", lambda ctx, n: _principal(ctx, "Role", n)),
    "Policy": ("PolicyArn", _policy),
    "InstanceProfile": ("InstanceProfileName", lambda ctx, n: _instance_profile(ctx, n)),
}


def _make_tag(member, find):
    def tag(ctx, p):
        entity = find(ctx, p[member])
        entity["Tags"] = _merge_tags(entity.get("Tags", []), p["Tags"])
        return {}
    return tag


def _make_untag(member, find):
    def untag(ctx, p):
        entity = find(ctx, p[member])
        entity["Tags"] = [t for t in entity.get("Tags", []) if t["Key"] not in p["TagKeys"]]
        return {}
    return untag


def _make_list_tags(member, find):
    def list_tags(ctx, p):
        tags = [{**t, "_created": 0.0} for t in find(ctx, p[member]).get("Tags", [])]
        return _listing(ctx, tags, {**p, "PathPrefix": "/"}, "Tags")
    return list_tags


for _suffix, (_member, _find) in TAGGABLE.items():
    SERVICE.op(f"Tag{_suffix}")(_make_tag(_member, _find))
    SERVICE.op(f"Untag{_suffix}")(_make_untag(_member, _find))
    SERVICE.op(f"List{_suffix}Tags")(_make_list_tags(_member, _find))


# --- instance profiles -------------------------------------------------------------

def _instance_profile(ctx, name):
    found = ctx.state.instance_profiles.get(name)
    if found is None:
        raise AwsError("NoSuchEntity", f"Instance Profile {name} cannot be found.", 404)
    return found


def _profile_out(ctx, profile):
    roles = [_role_out(ctx.state.roles[r]) for r in profile["_roles"]]
    return {**profile, "Roles": roles}


@SERVICE.op("CreateInstanceProfile")
def create_instance_profile(ctx, p):
    name = p["InstanceProfileName"]
    if name in ctx.state.instance_profiles:
        raise AwsError("EntityAlreadyExists", f"Instance Profile {name} already exists.", 409)
    path = p.get("Path", "/")
    profile = {"InstanceProfileName": name, "InstanceProfileId": _new_id(ctx, "AIPA"), "Path": path,
               "Arn": f"arn:aws:iam::{ctx.account}:instance-profile{path}{name}",
               "CreateDate": ctx.now, "_created": ctx.now, "_roles": [],
               "Tags": _merge_tags([], p.get("Tags", []))}
    ctx.state.instance_profiles[name] = profile
    return {"InstanceProfile": _profile_out(ctx, profile)}


@SERVICE.op("GetInstanceProfile")
def get_instance_profile(ctx, p):
    return {"InstanceProfile": _profile_out(ctx, _instance_profile(ctx, p["InstanceProfileName"]))}


@SERVICE.op("ListInstanceProfiles")
def list_instance_profiles(ctx, p):
    result = _listing(ctx, list(ctx.state.instance_profiles.values()), p, "InstanceProfiles")
    result["InstanceProfiles"] = [_profile_out(ctx, i) for i in result["InstanceProfiles"]]
    return result


@SERVICE.op("ListInstanceProfilesForRole")
def list_instance_profiles_for_role(ctx, p):
    _principal(ctx, "Role", p["RoleName"])
    profiles = [i for i in ctx.state.instance_profiles.values() if p["RoleName"] in i["_roles"]]
    result = _listing(ctx, profiles, p, "InstanceProfiles")
    result["InstanceProfiles"] = [_profile_out(ctx, i) for i in result["InstanceProfiles"]]
    return result


@SERVICE.op("DeleteInstanceProfile")
def delete_instance_profile(ctx, p):
    if _instance_profile(ctx, p["InstanceProfileName"])["_roles"]:
        raise _conflict("Cannot delete entity, must remove roles from instance profile first.")
    del ctx.state.instance_profiles[p["InstanceProfileName"]]
    return {}


@SERVICE.op("AddRoleToInstanceProfile")
def add_role_to_instance_profile(ctx, p):
    profile = _instance_profile(ctx, p["InstanceProfileName"])
    _principal(ctx, "Role", p["RoleName"])
    if profile["_roles"]:  # AWS allows exactly one role per profile
        raise AwsError("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409)
    profile["_roles"].append(p["RoleName"])
    return {}


@SERVICE.op("RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(ctx, p):
    profile = _instance_profile(ctx, p["InstanceProfileName"])
    _principal(ctx, "Role", p["RoleName"])
    if p["RoleName"] not in profile["_roles"]:
        raise AwsError("NoSuchEntity", f"The role with name {p['RoleName']} cannot be found in "
                       f"instance profile {p['InstanceProfileName']}.", 404)
    profile["_roles"].remove(p["RoleName"])
    return {}


# --- the bulk read the daemon observes IAM with ------------------------------------

AUTH_DETAIL_KINDS = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")


@SERVICE.op("GetAccountAuthorizationDetails")
def get_account_authorization_details(ctx, p):
    kinds = p.get("Filter") or AUTH_DETAIL_KINDS
    entries = [(k, e) for k in kinds for e in _auth_entities(ctx, k) if ctx.visible(e["_created"])]
    page, marker = paging.page(entries, p.get("Marker"), p.get("MaxItems", 100), "ValidationError")
    result = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": [],
              "IsTruncated": marker is not None, "Marker": marker}
    for kind, entity in page:
        list_name, render = _AUTH_RENDER[kind]
        result[list_name].append(render(ctx, entity))
    return result


def _auth_entities(ctx, kind):
    state = ctx.state
    if kind in PRINCIPALS:
        return list(getattr(state, PRINCIPALS[kind].store).values())
    aws = kind == "AWSManagedPolicy"
    # Like AWS, only AWS-managed policies in use are reported.
    return [pol for arn, pol in state.policies.items()
            if (":aws:policy" in arn) == aws and (not aws or pol["AttachmentCount"] > 0)]


def _inline_list(ctx, kind, name):
    return [{"PolicyName": n, "PolicyDocument": encoded(d)}
            for n, d in ctx.state.inline[(kind, name)].items()]


def _user_detail(ctx, user):
    name = user["UserName"]
    groups = [g for g, members in ctx.state.group_members.items() if name in members]
    return {**user, "UserPolicyList": _inline_list(ctx, "User", name), "GroupList": groups,
            "AttachedManagedPolicies": _attached_list(ctx, "User", name)}


def _group_detail(ctx, group):
    name = group["GroupName"]
    return {**group, "GroupPolicyList": _inline_list(ctx, "Group", name),
            "AttachedManagedPolicies": _attached_list(ctx, "Group", name)}


def _role_detail(ctx, role):
    name = role["RoleName"]
    profiles = [_profile_out(ctx, i) for i in ctx.state.instance_profiles.values() if name in i["_roles"]]
    return {**_role_out(role), "RolePolicyList": _inline_list(ctx, "Role", name),
            "InstanceProfileList": profiles,
            "AttachedManagedPolicies": _attached_list(ctx, "Role", name)}


def _policy_detail(ctx, policy):
    versions = [_version_out(v) for v in policy["_versions"].values()]
    return {**policy, "PolicyVersionList": versions}


_AUTH_RENDER = {
    "User": ("UserDetailList", _user_detail),
    "Group": ("GroupDetailList", _group_detail),
    "Role": ("RoleDetailList", _role_detail),
    "LocalManagedPolicy": ("Policies", _policy_detail),
    "AWSManagedPolicy": ("Policies", _policy_detail),
}
