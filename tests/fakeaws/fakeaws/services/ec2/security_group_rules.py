"""Security group rules: Authorize/Revoke{Ingress,Egress} (IpPermissions, the flat CidrIp form,
or rule IDs), DescribeSecurityGroupRules and ModifySecurityGroupRules."""
from ...errors import AwsError
from .common import SERVICE, apply_tag_specifications, default_vpc_of, describe
from .rule_store import PEER_MEMBERS, PEERS, add_rules, check_new, count_reference, drop_rule, render_rule, rule_key
from .security_groups import fold, group_of, named_groups, resolve_group

PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}
RULE_FILTERS = {
    "group-id": lambda r: r["GroupId"],
    "security-group-rule-id": lambda r: r["SecurityGroupRuleId"],
}


def _protocol(value):
    value = str(value).lower()
    return PROTOCOL_NAMES.get(value, value)


def _ports(protocol, from_port, to_port):
    """AWS keeps -1/-1 for every protocol; TCP and UDP need both ends of a range."""
    if protocol == "-1":
        return -1, -1
    if protocol in ("tcp", "udp") and None in (from_port, to_port):
        raise AwsError("InvalidParameterValue", "Invalid value for portRange. Must specify both from "
                       "and to ports with TCP/UDP.")
    return from_port, to_port


def _rules_from_permissions(ctx, permissions, egress):
    """IpPermissions (one protocol/port range, many peers) -> one record per peer."""
    rules = []
    for perm in permissions:
        protocol = _protocol(perm.get("IpProtocol", "-1"))
        from_port, to_port = _ports(protocol, perm.get("FromPort"), perm.get("ToPort"))
        for list_member, value_member, rule_member in PEERS:
            for peer in perm.get(list_member, []):
                rules.append({"IsEgress": egress, "IpProtocol": protocol, "FromPort": from_port, "ToPort": to_port,
                              rule_member: _peer_value(ctx, peer, value_member),
                              "Description": peer.get("Description")})
    return rules


def _peer_value(ctx, peer, value_member):
    if value_member != "GroupId":
        return peer[value_member]
    group_id = peer["GroupId"] if "GroupId" in peer else named_groups(ctx, [peer["GroupName"]])[0]
    return _referenced(ctx, group_id)


def _referenced(ctx, group_id):
    group_of(ctx, group_id)
    return {"GroupId": group_id, "UserId": ctx.account}


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


def _make_authorize(egress):
    def authorize(ctx, p):
        group = resolve_group(ctx, p)
        permissions = p.get("IpPermissions") or _flat_permission(p)
        added = add_rules(ctx, group, _rules_from_permissions(ctx, permissions, egress))
        for rule in added:
            apply_tag_specifications(ctx.state, p, "security-group-rule", rule["SecurityGroupRuleId"])
        return {"Return": True, "SecurityGroupRules": [render_rule(ctx, r) for r in added]}
    return authorize


def _make_revoke(egress):
    def revoke(ctx, p):
        group = resolve_group(ctx, p)
        by_key = {rule_key(ctx.state.sg_rules[r]): r for r in group["_rules"]}
        doomed, unknown = [], []
        for rule_id in p.get("SecurityGroupRuleIds", []):
            rule = ctx.state.sg_rules.get(rule_id)
            if rule_id not in group["_rules"] or rule["IsEgress"] != egress:
                raise AwsError("InvalidSecurityGroupRuleId.NotFound",
                               f"The security group rule ID '{rule_id}' does not exist")
            doomed.append(rule_id)
        permissions = p.get("IpPermissions") or _flat_permission(p)
        for rule in _rules_from_permissions(ctx, permissions, egress):
            found = by_key.get(rule_key(rule))
            (doomed if found else unknown).append(found or rule)
        in_default_vpc = (default_vpc_of(ctx) or {}).get("VpcId") == group["VpcId"]
        if unknown and not in_default_vpc:
            raise AwsError("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")
        for rule_id in dict.fromkeys(doomed):
            drop_rule(ctx, rule_id)
        # In the default VPC AWS revokes what matches and lists the rest instead of failing.
        return {"Return": True, "UnknownIpPermissions": fold(unknown) if unknown else None}
    return revoke


SERVICE.op("AuthorizeSecurityGroupIngress")(_make_authorize(False))
SERVICE.op("AuthorizeSecurityGroupEgress")(_make_authorize(True))
SERVICE.op("RevokeSecurityGroupIngress")(_make_revoke(False))
SERVICE.op("RevokeSecurityGroupEgress")(_make_revoke(True))


@SERVICE.op("DescribeSecurityGroupRules")
def describe_security_group_rules(ctx, p):
    rules, token = describe(ctx, "sg_rules", p, "SecurityGroupRuleIds", RULE_FILTERS, render_rule,
                            "InvalidSecurityGroupRuleId.NotFound")
    return {"SecurityGroupRules": rules, "NextToken": token}


@SERVICE.op("ModifySecurityGroupRules")
def modify_security_group_rules(ctx, p):
    """Each update replaces a rule's protocol, ports, peer and description; what it leaves out
    keeps its value. All updates are checked before any applies."""
    group = group_of(ctx, p["GroupId"])
    replaced = {}
    for update in p["SecurityGroupRules"]:
        rule = ctx.state.sg_rules.get(update["SecurityGroupRuleId"])
        if rule is None or rule["GroupId"] != group["GroupId"]:
            raise AwsError("InvalidSecurityGroupRuleId.NotFound",
                           f"The security group rule ID '{update['SecurityGroupRuleId']}' does not exist")
        replaced[rule["SecurityGroupRuleId"]] = _updated(ctx, rule, update.get("SecurityGroupRule", {}))
    check_new(ctx, group, list(replaced.values()), replacing=replaced)
    for rule_id, new in replaced.items():
        rule = ctx.state.sg_rules[rule_id]
        count_reference(ctx, rule, -1)
        for member in PEER_MEMBERS + ("Description",):
            rule.pop(member, None)
        rule.update({k: v for k, v in new.items() if v is not None})
        count_reference(ctx, rule, +1)
    return {"Return": True}


def _updated(ctx, rule, request):
    """The rule record a SecurityGroupRuleRequest turns `rule` into (not stored yet)."""
    peers = {"CidrIpv4": request.get("CidrIpv4"), "CidrIpv6": request.get("CidrIpv6"),
             "PrefixListId": request.get("PrefixListId"),
             "ReferencedGroupInfo": _referenced(ctx, request["ReferencedGroupId"])
             if "ReferencedGroupId" in request else None}
    given = {k: v for k, v in peers.items() if v is not None}
    if len(given) > 1:
        raise AwsError("InvalidParameterCombination", "Specify only one of CidrIpv4, CidrIpv6, PrefixListId "
                       "and ReferencedGroupId.")
    protocol = _protocol(request.get("IpProtocol", rule["IpProtocol"]))
    from_port, to_port = _ports(protocol, request.get("FromPort", rule["FromPort"]),
                                request.get("ToPort", rule["ToPort"]))
    new = {"IsEgress": rule["IsEgress"], "IpProtocol": protocol, "FromPort": from_port, "ToPort": to_port,
           "Description": request.get("Description", rule.get("Description"))}
    new.update(given or {k: rule[k] for k in PEER_MEMBERS if k in rule})
    return new
