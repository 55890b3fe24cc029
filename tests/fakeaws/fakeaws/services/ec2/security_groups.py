"""Security groups and their rules.

Rules are stored one per (direction, protocol, ports, peer), as AWS's
security-group-rule API sees them; DescribeSecurityGroups folds them back into
IpPermissions grouped by protocol and ports.
"""
from ...errors import AwsError
from .common import (SERVICE, apply_tag_specifications, default_vpc_of, describe, endpoints_using, find, forget,
                     new_id, register, tag_list, vpc_of, with_tags)

PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

# Peer kind: (IpPermission list member, its value member, rule record member)
PEERS = (
    ("IpRanges", "CidrIp", "CidrIpv4"),
    ("Ipv6Ranges", "CidrIpv6", "CidrIpv6"),
    ("PrefixListIds", "PrefixListId", "PrefixListId"),
    ("UserIdGroupPairs", "GroupId", "ReferencedGroupInfo"),
)

SG_FILTERS = {
    "group-id": lambda g: g["GroupId"],
    "group-name": lambda g: g["GroupName"],
    "vpc-id": lambda g: g["VpcId"],
    "description": lambda g: g["Description"],
    "owner-id": lambda g: g["OwnerId"],
}

RULE_FILTERS = {
    "group-id": lambda r: r["GroupId"],
    "security-group-rule-id": lambda r: r["SecurityGroupRuleId"],
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
    _add_rules(ctx, group, [{"IsEgress": True, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1,
                             "CidrIpv4": "0.0.0.0/0"}])
    return group


def new_default_group(ctx, vpc_id):
    group = _new_group(ctx, vpc_id, "default", "default VPC security group")
    _add_rules(ctx, group, [{"IsEgress": False, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1,
                             "ReferencedGroupInfo": {"GroupId": group["GroupId"], "UserId": ctx.account}}])
    return group["GroupId"]


def forget_group(ctx, group_id):
    group = ctx.state.security_groups[group_id]
    for rule_id in list(group["_rules"]):
        _drop_rule(ctx, rule_id)
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
    groups, token = describe(ctx, "security_groups", p, "GroupIds", SG_FILTERS, _render_group,
                             "InvalidGroup.NotFound")
    return {"SecurityGroups": groups, "NextToken": token}


def _resolve_group(ctx, p):
    if "GroupId" in p:
        return group_of(ctx, p["GroupId"])
    if "GroupName" in p:
        return ctx.state.security_groups[named_groups(ctx, [p["GroupName"]])[0]]
    raise AwsError("MissingParameter", "The request must contain the parameter groupId")


@SERVICE.op("DeleteSecurityGroup")
def delete_security_group(ctx, p):
    group = _resolve_group(ctx, p)
    group_id = group["GroupId"]
    if group["GroupName"] == "default":
        raise AwsError("CannotDelete", f'the specified group: "{group_id}" name: "default" cannot be '
                       "deleted by a user")
    if group["_instances"] or group["_referenced_by"] or endpoints_using(ctx, "Groups", group_id):
        raise AwsError("DependencyViolation", f"resource {group_id} has a dependent object")
    ctx.state.vpcs[group["VpcId"]]["_security_groups"].discard(group_id)
    forget_group(ctx, group_id)
    return {"Return": True, "GroupId": group_id}


# --- rules ---------------------------------------------------------------------------------------

def _protocol(value):
    value = str(value).lower()
    return PROTOCOL_NAMES.get(value, value)


def _rules_from_permissions(ctx, permissions, egress):
    """IpPermissions (one protocol/port range, many peers) -> one record per peer."""
    rules = []
    for perm in permissions:
        protocol = _protocol(perm.get("IpProtocol", "-1"))
        ports = (-1, -1) if protocol == "-1" else (perm.get("FromPort"), perm.get("ToPort"))
        if protocol in ("tcp", "udp") and None in ports:
            raise AwsError("InvalidParameterValue", "Invalid value for portRange. Must specify both from "
                           "and to ports with TCP/UDP.")
        for list_member, value_member, rule_member in PEERS:
            for peer in perm.get(list_member, []):
                rules.append({"IsEgress": egress, "IpProtocol": protocol, "FromPort": ports[0],
                              "ToPort": ports[1], rule_member: _peer_value(ctx, peer, value_member),
                              "Description": peer.get("Description")})
    return rules


def _peer_value(ctx, peer, value_member):
    if value_member != "GroupId":
        return peer[value_member]
    if "GroupId" in peer:
        group_of(ctx, peer["GroupId"])
        return {"GroupId": peer["GroupId"], "UserId": ctx.account}
    return {"GroupId": named_groups(ctx, [peer["GroupName"]])[0], "UserId": ctx.account}


def _flat_permission(p):
    """The pre-IpPermissions form (CidrIp, FromPort, ...) as one IpPermission."""
    if "IpProtocol" not in p and "CidrIp" not in p and "SourceSecurityGroupName" not in p:
        return []
    perm = {k: p[k] for k in ("IpProtocol", "FromPort", "ToPort") if k in p}
    if "CidrIp" in p:
        perm["IpRanges"] = [{"CidrIp": p["CidrIp"]}]
    if "SourceSecurityGroupName" in p:
        perm["UserIdGroupPairs"] = [{"GroupName": p["SourceSecurityGroupName"]}]
    return [perm]


def _rule_key(rule):
    peer = rule.get("CidrIpv4") or rule.get("CidrIpv6") or rule.get("PrefixListId") or \
        rule["ReferencedGroupInfo"]["GroupId"]
    return (rule["IsEgress"], rule["IpProtocol"], rule["FromPort"], rule["ToPort"], peer)


def _add_rules(ctx, group, rules):
    existing = {_rule_key(ctx.state.sg_rules[r]): r for r in group["_rules"]}
    for rule in rules:
        if _rule_key(rule) in existing:
            raise AwsError("InvalidPermission.Duplicate", f"the specified rule \"peer: {_rule_key(rule)[4]}, "
                           f"{rule['IpProtocol'].upper()}, from port: {rule['FromPort']}, to port: "
                           f"{rule['ToPort']}, ALLOW\" already exists")
    added = []
    for rule in rules:
        rule_id = new_id(ctx, "sgr")
        record = {k: v for k, v in rule.items() if v is not None}
        record.update({"SecurityGroupRuleId": rule_id, "GroupId": group["GroupId"], "GroupOwnerId": ctx.account})
        register(ctx, rule_id, "sg_rules", record)
        group["_rules"].append(rule_id)
        if "ReferencedGroupInfo" in record:
            ctx.state.security_groups[record["ReferencedGroupInfo"]["GroupId"]]["_referenced_by"] += 1
        added.append(record)
    return added


def _drop_rule(ctx, rule_id):
    rule = ctx.state.sg_rules[rule_id]
    ctx.state.security_groups[rule["GroupId"]]["_rules"].remove(rule_id)
    referenced = rule.get("ReferencedGroupInfo", {}).get("GroupId")
    if referenced in ctx.state.security_groups:
        ctx.state.security_groups[referenced]["_referenced_by"] -= 1
    forget(ctx.state, "sg_rules", rule_id)


def _make_authorize(egress):
    def authorize(ctx, p):
        group = _resolve_group(ctx, p)
        permissions = p.get("IpPermissions") or _flat_permission(p)
        added = _add_rules(ctx, group, _rules_from_permissions(ctx, permissions, egress))
        for rule in added:
            apply_tag_specifications(ctx.state, p, "security-group-rule", rule["SecurityGroupRuleId"])
        return {"Return": True, "SecurityGroupRules": [_render_rule(ctx, r) for r in added]}
    return authorize


def _make_revoke(egress):
    def revoke(ctx, p):
        group = _resolve_group(ctx, p)
        by_key = {_rule_key(ctx.state.sg_rules[r]): r for r in group["_rules"]}
        doomed = []
        for rule_id in p.get("SecurityGroupRuleIds", []):
            if rule_id not in group["_rules"]:
                raise AwsError("InvalidSecurityGroupRuleId.NotFound",
                               f"The security group rule ID '{rule_id}' does not exist")
            doomed.append(rule_id)
        permissions = p.get("IpPermissions") or _flat_permission(p)
        for rule in _rules_from_permissions(ctx, permissions, egress):
            if _rule_key(rule) not in by_key:
                raise AwsError("InvalidPermission.NotFound", "The specified rule does not exist in this "
                               "security group.")
            doomed.append(by_key[_rule_key(rule)])
        for rule_id in dict.fromkeys(doomed):
            _drop_rule(ctx, rule_id)
        return {"Return": True}
    return revoke


SERVICE.op("AuthorizeSecurityGroupIngress")(_make_authorize(False))
SERVICE.op("AuthorizeSecurityGroupEgress")(_make_authorize(True))
SERVICE.op("RevokeSecurityGroupIngress")(_make_revoke(False))
SERVICE.op("RevokeSecurityGroupEgress")(_make_revoke(True))


@SERVICE.op("DescribeSecurityGroupRules")
def describe_security_group_rules(ctx, p):
    rules, token = describe(ctx, "sg_rules", p, "SecurityGroupRuleIds", RULE_FILTERS, _render_rule,
                            "InvalidSecurityGroupRuleId.NotFound")
    return {"SecurityGroupRules": rules, "NextToken": token}


@SERVICE.op("ModifySecurityGroupRules")
def modify_security_group_rules(ctx, p):
    group_of(ctx, p["GroupId"])
    for update in p["SecurityGroupRules"]:
        rule = ctx.state.sg_rules.get(update["SecurityGroupRuleId"])
        if rule is None or rule["GroupId"] != p["GroupId"]:
            raise AwsError("InvalidSecurityGroupRuleId.NotFound",
                           f"The security group rule ID '{update['SecurityGroupRuleId']}' does not exist")
        if "Description" in update.get("SecurityGroupRule", {}):
            rule["Description"] = update["SecurityGroupRule"]["Description"]
    return {"Return": True}


def _render_rule(ctx, rule):
    return with_tags(ctx, rule, "SecurityGroupRuleId")


def _render_group(ctx, group):
    ingress, egress = {}, {}
    for rule_id in group["_rules"]:
        rule = ctx.state.sg_rules[rule_id]
        bucket = egress if rule["IsEgress"] else ingress
        key = (rule["IpProtocol"], rule["FromPort"], rule["ToPort"])
        perm = bucket.get(key)
        if perm is None:
            perm = bucket[key] = _empty_permission(*key)
        _add_peer(perm, rule)
    return {**with_tags(ctx, group, "GroupId"), "IpPermissions": list(ingress.values()),
            "IpPermissionsEgress": list(egress.values())}


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
