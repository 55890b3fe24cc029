"""Security groups: create, describe (rules folded into IpPermissions), delete. Their rules
are stored by rule_store.py and changed through security_group_rules.py."""
from ...errors import AwsError
from .common import (SERVICE, apply_tag_specifications, default_vpc_of, describe, endpoints_using, find, forget,
                     new_id, register, tag_list, vpc_of, with_tags)
from .rule_store import PEERS, add_rules, drop_rule

SG_FILTERS = {
    "group-id": lambda g: g["GroupId"],
    "group-name": lambda g: g["GroupName"],
    "vpc-id": lambda g: g["VpcId"],
    "description": lambda g: g["Description"],
    "owner-id": lambda g: g["OwnerId"],
}

def group_of(ctx, group_id):
    return find(ctx, "security_groups", group_id, "InvalidGroup.NotFound", "security group")


def _new_group(ctx, vpc_id, name, description):
    group_id = new_id(ctx, "sg")
    group = {"GroupId": group_id, "GroupName": name, "Description": description, "VpcId": vpc_id,
             "OwnerId": ctx.account, "SecurityGroupArn": ctx.arn("ec2", f"security-group/{group_id}", ctx.region),
             "_rules": [], "_instances": set(), "_referenced_by": 0}
    register(ctx, group_id, "security_groups", group)
    ctx.state.group_names[(vpc_id, name)] = group_id
    # Like AWS, a new group may send anything anywhere until told otherwise.
    add_rules(ctx, group, [{"IsEgress": True, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1,
                             "CidrIpv4": "0.0.0.0/0"}])
    return group


def new_default_group(ctx, vpc_id):
    group = _new_group(ctx, vpc_id, "default", "default VPC security group")
    add_rules(ctx, group, [{"IsEgress": False, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1,
                             "ReferencedGroupInfo": {"GroupId": group["GroupId"], "UserId": ctx.account}}])
    return group["GroupId"]


def forget_group(ctx, group_id):
    group = ctx.state.security_groups[group_id]
    for rule_id in list(group["_rules"]):
        drop_rule(ctx, rule_id)
    del ctx.state.group_names[(group["VpcId"], group["GroupName"])]
    forget(ctx.state, "security_groups", group_id)


@SERVICE.op("CreateSecurityGroup")
def create_security_group(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"]) if "VpcId" in p else default_vpc_of(ctx)
    if vpc is None:
        raise AwsError("VPCIdNotSpecified", "No default VPC for this user")
    name = p["GroupName"]
    if name == "default" or name.startswith("sg-"):
        raise AwsError("InvalidParameterValue", f"Value ({name}) for parameter GroupName is invalid. "
                       "Group names may not be in the format sg-* or be 'default'.")
    if (vpc["VpcId"], name) in ctx.state.group_names:
        raise AwsError("InvalidGroup.Duplicate", f"The security group '{name}' already exists for VPC "
                       f"'{vpc['VpcId']}'")
    group = _new_group(ctx, vpc["VpcId"], name, p["Description"])
    vpc["_security_groups"].add(group["GroupId"])
    apply_tag_specifications(ctx.state, p, "security-group", group["GroupId"])
    return {"GroupId": group["GroupId"], "Tags": tag_list(ctx.state, group["GroupId"]),
            "SecurityGroupArn": group["SecurityGroupArn"]}


def named_groups(ctx, names):
    """Group names stand for groups of the default VPC only, as on AWS (elsewhere: group IDs)."""
    default = default_vpc_of(ctx)
    ids = []
    for name in names:
        found = ctx.state.group_names.get((default["VpcId"] if default else None, name))
        if found is None:
            raise AwsError("InvalidGroup.NotFound", f"The security group '{name}' does not exist in default VPC "
                           f"'{default['VpcId'] if default else 'none'}'")
        ids.append(found)
    return ids


@SERVICE.op("DescribeSecurityGroups")
def describe_security_groups(ctx, p):
    if p.get("GroupNames"):
        p = {**p, "GroupIds": (p.get("GroupIds") or []) + named_groups(ctx, p["GroupNames"])}
    groups, token = describe(ctx, "security_groups", p, "GroupIds", SG_FILTERS, render_group,
                             "InvalidGroup.NotFound")
    return {"SecurityGroups": groups, "NextToken": token}


def resolve_group(ctx, p):
    if "GroupId" in p:
        return group_of(ctx, p["GroupId"])
    if "GroupName" in p:
        return ctx.state.security_groups[named_groups(ctx, [p["GroupName"]])[0]]
    raise AwsError("MissingParameter", "The request must contain the parameter groupId")


@SERVICE.op("DeleteSecurityGroup")
def delete_security_group(ctx, p):
    group = resolve_group(ctx, p)
    group_id = group["GroupId"]
    if group["GroupName"] == "default":
        raise AwsError("CannotDelete", f'the specified group: "{group_id}" name: "default" cannot be '
                       "deleted by a user")
    if group["_instances"] or group["_referenced_by"] or endpoints_using(ctx, "Groups", group_id):
        raise AwsError("DependencyViolation", f"resource {group_id} has a dependent object")
    ctx.state.vpcs[group["VpcId"]]["_security_groups"].discard(group_id)
    forget_group(ctx, group_id)
    return {"Return": True, "GroupId": group_id}


def render_group(ctx, group):
    rules = [ctx.state.sg_rules[rule_id] for rule_id in group["_rules"]]
    return {**with_tags(ctx, group, "GroupId"), "IpPermissions": fold([r for r in rules if not r["IsEgress"]]),
            "IpPermissionsEgress": fold([r for r in rules if r["IsEgress"]])}


def fold(rules):
    """Rule records -> IpPermissions, one per protocol and port range, its peers listed."""
    permissions = {}
    for rule in rules:
        key = (rule["IpProtocol"], rule["FromPort"], rule["ToPort"])
        perm = permissions.get(key)
        if perm is None:
            perm = permissions[key] = _empty_permission(*key)
        _add_peer(perm, rule)
    return list(permissions.values())


def _empty_permission(protocol, from_port, to_port):
    perm = {"IpProtocol": protocol, "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
            "UserIdGroupPairs": []}
    if protocol != "-1":  # AWS leaves ports out when every protocol is allowed
        perm.update({"FromPort": from_port, "ToPort": to_port})
    return perm


def _add_peer(perm, rule):
    for list_member, value_member, rule_member in PEERS:
        if rule_member in rule:
            value = rule[rule_member]
            peer = dict(value) if isinstance(value, dict) else {value_member: value}
            if rule.get("Description"):
                peer["Description"] = rule["Description"]
            perm[list_member].append(peer)
